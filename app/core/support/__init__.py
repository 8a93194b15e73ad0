"""The support toolkit: import, diagnose, delivery logs, history and bundles.

``importer`` reads a webhook from a file, a curl command or the Management API
(``management``), ``diagnose`` compares a delivery with a profile, ``history`` keeps
the fires, ``bundle`` zips a ticket with everything masked (``masking``).

Other packages use only the modules in ``__all__``; the rest are this package's own.
Nothing is imported here, so importing one module never loads the others.
"""

__all__ = [
    "bundle",
    "credsplit",
    "customer_samples",
    "diagnose",
    "history",
    "importer",
    "management",
    "management_models",
]
