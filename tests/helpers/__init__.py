"""What the tests share, imported one way: ``from tests.helpers.<module> import ...``.

- ``servers``, ``keyring_doubles``, ``catalogue_files``, ``journeys``, ``leakscan``: loopback
  servers, keyring stand-ins, destination files, journeys and the secret-leak scanner;
- ``wizard_helpers``, ``wizard_steps``, ``support_helpers``: driving the wizard and the
  support windows like a user;
- ``screens``, ``support_screens``, ``integration_screens``, ``layout_walk``,
  ``layout_check``, ``gui_leak_journey``: the screenshot, layout and leak walks (some
  run as scripts in their own process, for the scale factor and the palette).
"""
