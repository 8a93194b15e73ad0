"""The PySide6 wizard. Pages stay thin: they read fields, call :mod:`app.core`, show results."""
