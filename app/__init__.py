"""Hooksmith: a desktop assistant for Talon.One webhooks."""

__version__ = "0.1.0"
