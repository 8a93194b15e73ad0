"""Hooksmith's benchmarks: start-up, memory, preview and firing, each against its floor.

Run ``bash benchmarks/run.sh`` (or ``.venv/bin/python -m benchmarks``) from the
repository root; ``--quick`` runs tiny sizes in a few seconds (the smoke test does).
"""
