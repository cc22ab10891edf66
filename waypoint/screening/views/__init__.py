"""Screening pages: the interview, what follows it, and instrument management."""
