"""Building and sending a request, and reading the answer.

``request`` builds the exact request, ``fire`` sends it (through ``transport``,
``sockets``, ``tls`` and ``redirects``, never following a secret to another host),
``fire_result`` and ``failures`` say what happened, ``interpret`` reads the answer with
the destination's ``response`` rules, ``safety`` decides what to ask before a real host.

Other packages use only the modules in ``__all__``; the rest are this package's own.
Nothing is imported here, so importing one module never loads the others.
"""

__all__ = [
    "bodyview",
    "failures",
    "fire",
    "fire_result",
    "interpret",
    "request",
    "safety",
    "sanitize",
    "settings",
    "tls",
]
