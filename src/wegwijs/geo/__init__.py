"""Geocoding: the one adapter that turns a postcode, place name or coordinates into a point."""
