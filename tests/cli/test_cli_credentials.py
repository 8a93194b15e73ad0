"""``hooksmith credentials``: set (hidden prompt or --stdin), check, delete and list, in
process so the conftest's in-memory keyring applies; values never appear in output."""

from __future__ import annotations

import io
import json
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from app.cli import main
from app.core.secrets.store import SERVICE
from tests.helpers.cli_steps import init_profile
from tests.helpers.keyring_doubles import MemoryKeyring

SECRET = "cli-secret-Q7+/x=y"


@pytest.fixture
def profile_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    args = ["clevertap", "--region", "sandbox", "--name", "CT hook"]
    return init_profile(
        tmp_path / "ct.hooksmith.json", capsys, *args, "--credential", "account_id=ACC-1"
    )


def _profile_id(path: Path) -> str:
    return str(json.loads(path.read_text())["id"])


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str, tty: bool = False) -> None:
    stream = io.StringIO(text)
    stream.isatty = lambda: tty  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stream)


def test_set_from_stdin_check_list_delete(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
) -> None:
    pid = _profile_id(profile_file)
    _stdin(monkeypatch, SECRET + "\n")
    assert main(["credentials", "set", str(profile_file), "passcode", "--stdin"]) == 0
    assert memory_keyring.passwords == {(SERVICE, f"{pid}/passcode"): SECRET}
    err = capsys.readouterr().err
    assert "Secrets are stored in: Test keyring (memory)" in err
    assert "Stored the Passcode of CT hook." in err

    assert main(["credentials", "check", str(profile_file)]) == 0
    assert "passcode: stored" in capsys.readouterr().out

    assert main(["credentials", "list"]) == 0
    out = capsys.readouterr().out
    assert f'Passcode of "CT hook" (Talon.One → CleverTap): stored (profile id {pid})' in out

    assert main(["credentials", "list", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["entries"][0]["field"] == "passcode"
    assert document["entries"][0]["state"] == "stored"

    assert main(["credentials", "delete", str(profile_file)]) == 0
    assert "Deleted every secret of CT hook (Passcode)." in capsys.readouterr().err
    assert memory_keyring.passwords == {}
    assert main(["credentials", "check", str(profile_file)]) == 1
    out = capsys.readouterr().out
    assert "passcode: missing" in out and "hooksmith credentials set" in out
    assert SECRET not in out


def test_prompt_is_hidden_and_needs_a_terminal(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
) -> None:
    _stdin(monkeypatch, SECRET + "\n", tty=False)
    assert main(["credentials", "set", str(profile_file)]) == 2
    assert "standard input is not a terminal" in capsys.readouterr().err
    assert memory_keyring.passwords == {}

    prompts: list[str] = []

    def hidden(prompt: str) -> str:
        prompts.append(prompt)
        return SECRET

    _stdin(monkeypatch, "", tty=True)
    monkeypatch.setattr("getpass.getpass", hidden)
    assert main(["credentials", "set", str(profile_file)]) == 0
    assert prompts == ["Passcode for CT hook (typing is hidden): "]
    assert list(memory_keyring.passwords.values()) == [SECRET]


def test_a_value_is_never_taken_from_an_argument(profile_file: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["credentials", "set", str(profile_file), "passcode", SECRET])
    assert caught.value.code == 2


def test_empty_or_unknown_field_stores_nothing(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
) -> None:
    _stdin(monkeypatch, "\n")
    assert main(["credentials", "set", str(profile_file), "--stdin"]) == 2
    assert "No Passcode given; nothing was stored" in capsys.readouterr().err
    _stdin(monkeypatch, "")
    assert main(["credentials", "set", str(profile_file), "--stdin"]) == 2
    assert "Standard input ended" in capsys.readouterr().err
    assert main(["credentials", "set", str(profile_file), "account_id", "--stdin"]) == 2
    assert "secret fields: passcode" in capsys.readouterr().err
    assert memory_keyring.passwords == {}


def test_surrounding_space_is_pointed_out(
    profile_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, f" {SECRET}\n")
    assert main(["credentials", "set", str(profile_file), "--stdin"]) == 0
    assert "starts or ends with a space" in capsys.readouterr().err


def test_without_a_keyring_nothing_is_stored_and_the_way_out_is_named(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    hooksmith_home: Path,
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    _stdin(monkeypatch, SECRET + "\n")
    assert main(["credentials", "set", str(profile_file), "--stdin"]) == 2
    err = capsys.readouterr().err
    assert "No operating-system keyring" in err and "Nothing was stored" in err
    assert f"hooksmith fire {profile_file} --ask-secrets" in err
    assert SECRET not in err
    assert main(["credentials", "check", str(profile_file)]) == 2
    assert main(["credentials", "list"]) == 2
    for path in hooksmith_home.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(errors="replace")


def test_orphaned_entries_are_listed_and_deleted_by_id(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
) -> None:
    pid = _profile_id(profile_file)
    _stdin(monkeypatch, SECRET + "\n")
    main(["credentials", "set", str(profile_file), "--stdin"])
    profile_file.unlink()
    capsys.readouterr()
    assert main(["credentials", "list", "--stale"]) == 1
    out = capsys.readouterr().out
    assert "orphaned" in out and "profile file is gone" in out
    assert main(["credentials", "delete", pid]) == 0
    assert memory_keyring.passwords == {}
    assert main(["credentials", "list", "--stale"]) == 0
    assert "No stale entries." in capsys.readouterr().out


def test_delete_one_field_and_unknown_profile(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
) -> None:
    _stdin(monkeypatch, SECRET + "\n")
    main(["credentials", "set", str(profile_file), "--stdin"])
    assert main(["credentials", "delete", str(profile_file), "passcode"]) == 0
    assert memory_keyring.passwords == {}
    capsys.readouterr()
    assert main(["credentials", "list"]) == 0
    assert "Hooksmith has stored no secrets yet." in capsys.readouterr().out
    assert main(["credentials", "delete", "no-such-profile"]) == 2
    assert "No profile 'no-such-profile'" in capsys.readouterr().err


def test_discover_lists_secrets_stored_before_the_index(
    profile_file: Path, capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.passwords[(SERVICE, f"{_profile_id(profile_file)}/passcode")] = SECRET
    assert main(["credentials", "list", "--discover", str(profile_file)]) == 0
    captured = capsys.readouterr()
    assert "Found 1 stored secret not listed before." in captured.err
    assert 'Passcode of "CT hook"' in captured.out and SECRET not in captured.out


def test_error_messages_are_masked_as_a_last_line_of_defence(
    profile_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.common import CliError
    from app.core.secrets import logsafe

    logsafe.remember(SECRET)

    def careless(args: object) -> int:
        raise CliError(f"the server refused {SECRET}")

    monkeypatch.setattr("app.cli.credentials.cmd_check", careless)
    assert main(["credentials", "check", str(profile_file)]) == 2
    err = capsys.readouterr().err
    # (Other tests' secrets are masked too; one had a leading space, hence no space here.)
    assert SECRET not in err and "the server refused" in err and "••••••" in err
