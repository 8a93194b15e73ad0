"""The built-in sandbox: a loopback server answering like each destination.

``server`` runs it; each destination API's responder is a module of ``responders``
(registered through ``routes``), Talon.One's Management API is ``management``.

Other packages use only the modules in ``__all__``; the rest are this package's own.
Nothing is imported here, so importing one module never loads the others.
"""

__all__ = ["management", "server"]
