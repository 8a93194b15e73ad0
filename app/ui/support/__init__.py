"""The support-staff toolkit in the GUI: import, diagnose, delivery logs, history, bundles.

One module per view, each thin over the core (:mod:`app.core.support`: ``importer``,
``diagnose``, ``management``, ``history``, ``bundle``).
:class:`~app.ui.support.tools.SupportTools` opens them from the wizard.
"""
