"""The journey: one integration being configured, the centre the pages and commands render.

``journey`` previews, prepares and finishes fires and replays; ``readiness`` is the
go-live checklist; ``steps`` says which pages apply; ``services`` holds what a session
shares (the secret store, the sandbox, the settings).

Other packages use only the modules in ``__all__``; the rest are this package's own.
Nothing is imported here, so importing one module never loads the others.
"""

__all__ = ["journey", "readiness", "services", "steps"]
