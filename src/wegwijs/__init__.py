"""Wegwijs: software for the Informatiepunten Digitale Overheid in Dutch public libraries."""

__version__ = "0.1.0"
