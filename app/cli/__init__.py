"""The ``hooksmith`` command: the wizard when run bare, subcommands for scripts and support.

Each subcommand group lives in its own module with a ``register(subparsers)``
function; they all call :mod:`app.core`, exactly as the GUI does.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app import __version__

if TYPE_CHECKING:
    import argparse

COMMAND_MODULES = (
    "app.cli.profiles",
    "app.cli.credentials",
    "app.cli.sandbox_cmd",
    "app.cli.support",
)

NO_DISPLAY = (
    "hooksmith: no display is available, so the wizard cannot open. "
    "Use the command line instead ({launcher} --help), or run it in a graphical session."
)


def launcher() -> str:
    """The command that runs Hooksmith from where the user is (``bash scripts/run.sh`` in
    a clone, whose run script says so; ``hooksmith`` once installed)."""
    return os.environ.get("HOOKSMITH_LAUNCHER") or "hooksmith"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every subcommand (registering them imports every
    command module, about 0.2 s of CPU: opening the wizard skips the parser)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="hooksmith",
        description="Configure, preview, test-fire and export webhooks between Talon.One and "
        "CleverTap, mParticle, Bloomreach and your own endpoints. Run without a "
        "command to open the wizard.",
    )
    parser.add_argument("--version", action="version", version=f"hooksmith {__version__}")
    parser.add_argument(
        "--profile-file", metavar="PROFILE", help="open the wizard on this saved profile"
    )
    parser.add_argument(
        "--self-test",
        nargs="?",
        const="",
        metavar="CHECKS",
        help="check that this installation works (no display needed), print a report and "
        "exit; --self-test=keyring,tls runs only those checks",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def wizard_arguments(raw: list[str]) -> tuple[bool, str | None]:
    """Whether the arguments only open the wizard (none, or ``--profile-file PROFILE``),
    and the profile they name (the last one, as argparse keeps).

    The wizard's own start then skips argparse: building the parser and parsing cost a
    start about 8 ms (argparse, gettext and locale). Anything else (a command, help, an
    abbreviated option) goes to the parser, which opens the wizard too when no command
    is given.
    """
    rest = list(raw)
    profile: str | None = None
    while rest:
        arg = rest.pop(0)
        if arg.startswith("--profile-file=") and len(arg) > len("--profile-file="):
            profile = arg.partition("=")[2]
        elif arg == "--profile-file" and rest and not rest[0].startswith("-"):
            profile = rest.pop(0)
        else:
            return False, None
    return True, profile


def has_display() -> bool:
    """False on Linux/BSD with no X11, no Wayland and no explicit Qt platform."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    if any(a == "--self-test" or a.startswith("--self-test=") for a in raw):
        from app.cli.selftest import run_self_test  # before the parser: it reads the catalogue

        return run_self_test(raw)
    opens, profile_file = wizard_arguments(raw)
    if opens:
        return _open_wizard(profile_file)
    args = build_parser().parse_args(raw)
    if args.command is None:
        return _open_wizard(args.profile_file)
    from app.cli.common import CliError
    from app.cli.output import TerminalText
    from app.core.secrets import logsafe

    logsafe.install()  # mask this run's secrets in every log record and traceback
    # Whatever a command prints (titles, URLs, logs, answers it did not write) shows
    # escape sequences as text instead of letting them act on the terminal.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalText(sys.stdout), TerminalText(sys.stderr)  # type: ignore[assignment]
    _warn_skipped_destinations()
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit as a traceback
    except CliError as exc:
        print(f"hooksmith: {logsafe.redact_known(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `hooksmith history list | head`: the reader has gone
        sys.stdout, sys.stderr = streams
        _silence_stdout()
        return 1
    finally:
        sys.stdout, sys.stderr = streams
    return code


def _open_wizard(profile_file: str | None) -> int:
    if not has_display():
        print(NO_DISPLAY.format(launcher=launcher()), file=sys.stderr)
        return 2
    from app.ui.launch import run_gui

    return run_gui(profile_file)


def _warn_skipped_destinations() -> None:
    """Name each destination file the catalogue left out, and why, on stderr."""
    from app.core.destination.catalogue import CatalogueError, catalogue_problems

    try:
        problems = catalogue_problems()
    except CatalogueError:
        return  # nothing loaded at all: the command itself says so
    for problem in problems:
        for message in problem.messages:
            print(f"hooksmith: destination file skipped: {message}", file=sys.stderr)


def _silence_stdout() -> None:
    """Point stdout at devnull, so that the flush at exit cannot fail again (the Python
    docs' recipe for SIGPIPE, section "Note on SIGPIPE")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # not a file (io.UnsupportedOperation):
        pass  # nothing flushes it to a closed pipe at exit
    finally:
        os.close(devnull)
