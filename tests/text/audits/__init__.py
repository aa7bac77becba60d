"""Invented messages from the text audits, one module per audit: HARMFUL (text, language, category it must be
flagged for) and EVERYDAY (text, language: no flag at all)."""
