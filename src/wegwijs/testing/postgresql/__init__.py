"""Django's PostgreSQL backend with a faster flush, for the test suite only (see base.py)."""
