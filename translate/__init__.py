"""Offline newsroom translation with Argos Translate packages, glossaries and a SQLite memory."""

__version__ = "0.1.0"
