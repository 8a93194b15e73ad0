"""Hooksmith's logic. Imports no Qt: the CLI, the GUI and the tests all drive it."""
