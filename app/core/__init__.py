"""Hooksmith's logic. Imports no Qt: the CLI, the GUI and the tests all drive it.

The packages, from the bottom up (each uses only those before it; a test proves it):

- ``destination``: the destination files as typed objects, and the user's profile;
- ``payload``: the template language, the mapping, and the checks with their problems;
- ``secrets``: the keyring (or this session), and masking in logs and errors;
- ``http``: building, sending and explaining a request;
- ``handover``: what to set up in Talon.One (or Bloomreach);
- ``support``: import, diagnose, delivery logs, history, bundles;
- ``sandbox``: the loopback server answering like each destination;
- ``journey``: one integration being configured, which the pages and commands render.
"""
