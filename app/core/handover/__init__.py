"""The hand-over: what to set up in Talon.One (or Bloomreach), field by field.

``export`` writes Talon.One's ``NewWebhook`` and the Talon.One credential; ``handover``
lays out the page's sections and the checks on what is handed over.

Other packages use only the modules in ``__all__``; the rest are this package's own.
Nothing is imported here, so importing one module never loads the others.
"""

__all__ = ["export", "handover"]
