"""The payload: Talon.One's template language, the mapping to it, and the checks.

``template`` parses and renders ``${$Name}`` placeholders, ``mapping`` builds a template
from the user's choices and ``unmap`` reads choices back from one; ``validate`` checks a
payload (JSON, placeholders, the destination's ``rules``), ``checks`` the URL, headers
and inputs; ``problems`` is what every check reports.

Other packages use only the modules in ``__all__``; the rest are this package's own.
Nothing is imported here, so importing one module never loads the others.
"""

__all__ = ["checks", "mapping", "problems", "rules", "template", "unmap", "validate", "words"]
