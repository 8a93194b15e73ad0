"""One module per wizard page; each page reads and writes the session's core Profile."""
