"""Secrets: kept in the OS keyring (or for this session only), masked everywhere else.

``store`` talks to the keyring, ``credentials`` lists what is stored (with
``credentials_index``), ``logsafe`` masks secrets in logs, exceptions and crash reports.

Other packages use only the modules in ``__all__``; the rest are this package's own.
Nothing is imported here, so importing one module never loads the others.
"""

__all__ = ["credentials", "logsafe", "store"]
