"""The support-staff toolkit in the GUI: import, diagnose, delivery logs, history, bundles.

One module per view, each thin over the core (:mod:`app.core.importer`,
:mod:`app.core.diagnose`, :mod:`app.core.management`, :mod:`app.core.history`,
:mod:`app.core.bundle`). :class:`~app.ui.support.tools.SupportTools` opens them from
the wizard.
"""
