"""The destination model: what each integration is and what a user configured.

``catalogue`` reads ``resources/destinations/*.json`` into typed ``Destination`` objects
(checked against the schema by ``destination_schema``); ``index`` lists their titles for
the first page without building them. ``profile`` is one integration being configured,
``resources`` and ``paths`` say where files live.

Other packages use only the modules in ``__all__``; the rest are this package's own.
Nothing is imported here, so importing one module never loads the others.
"""

__all__ = ["catalogue", "index", "paths", "profile", "resources"]
