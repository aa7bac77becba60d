"""HTTP API (FastAPI): one router module per capability, assembled in ``app.py``."""
