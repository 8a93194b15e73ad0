"""Fire settings: saved atomically as JSON, checked with messages that say what to do, and
loaded without ever failing or losing what the user wrote."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from app.core.destination import paths
from app.core.http.settings import (
    FireSettings,
    SettingsError,
    check_proxy,
    load_settings,
    mask_proxy,
    save_settings,
    settings_path,
    validate_settings,
    with_overrides,
)


def test_defaults_when_nothing_is_saved() -> None:
    loaded = load_settings()
    assert loaded.settings == FireSettings() and loaded.warnings == []
    assert loaded.path == settings_path()
    assert settings_path().parent == paths.config_dir()


def test_round_trip_is_atomic_and_private(ca_bundle: str) -> None:
    settings = FireSettings(
        connect_timeout=3, read_timeout=45.5, ca_bundle=ca_bundle, proxy="proxy.corp:3128"
    )
    path = save_settings(settings)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left
    loaded = load_settings()
    assert loaded.warnings == []
    assert loaded.settings.read_timeout == 45.5
    assert loaded.settings.proxy == "http://proxy.corp:3128"
    assert loaded.settings.ca_bundle == ca_bundle


def test_out_of_range_values_are_refused_with_the_field_named() -> None:
    bad = FireSettings(connect_timeout=0, read_timeout=99999, max_redirects=50)
    with pytest.raises(SettingsError) as caught:
        save_settings(bad)
    fields = {p.field: p.message for p in caught.value.problems}
    assert set(fields) == {"connect_timeout", "read_timeout", "max_redirects"}
    assert fields["connect_timeout"] == "Connect timeout must be between 0.1 and 300 seconds."
    assert not settings_path().exists()


def test_a_proxy_password_is_never_written_to_the_file() -> None:
    with pytest.raises(SettingsError) as caught:
        save_settings(FireSettings(proxy="http://me:hunter22@proxy.corp:3128"))
    assert "HTTPS_PROXY" in str(caught.value)
    assert not settings_path().exists()
    assert mask_proxy("http://me:hunter22@proxy.corp:3128") == "http://me:••••••@proxy.corp:3128"


@pytest.mark.parametrize(
    ("proxy", "expected"),
    [
        ("socks5://127.0.0.1:1080", "SOCKS proxies are not supported"),
        ("ftp://proxy.corp", "must start with http:// or https://"),
        ("http://proxy.corp:99999", "port must be a number"),
        ("http://:8080", "needs a host name"),
    ],
)
def test_bad_proxies_are_explained(proxy: str, expected: str) -> None:
    assert expected in (check_proxy(proxy) or "")


def test_a_ca_bundle_must_hold_certificates(tmp_path: Path) -> None:
    missing = validate_settings(FireSettings(ca_bundle=str(tmp_path / "nope.pem")))
    assert "does not exist" in missing[0].message
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    [problem] = validate_settings(FireSettings(ca_bundle=str(junk)))
    assert problem.field == "ca_bundle" and "holds no PEM certificate" in problem.message


def test_a_hand_edited_file_keeps_what_is_usable() -> None:
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text(
        json.dumps({"read_timeout": 5, "connect_timeout": "fast", "max_redirects": -1, "x": 1})
    )
    loaded = load_settings()
    assert loaded.settings.read_timeout == 5.0
    assert loaded.settings.connect_timeout == 10.0 and loaded.settings.max_redirects == 5
    assert len(loaded.warnings) == 3
    assert any("Ignored the unknown setting 'x'" in w for w in loaded.warnings)


def test_a_broken_file_is_set_aside_not_lost() -> None:
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text('{"read_timeout": 5,')
    loaded = load_settings()
    assert loaded.settings == FireSettings()
    assert "not valid JSON" in loaded.warnings[0]
    [kept] = list(settings_path().parent.glob("fire-settings.json.broken-*"))
    assert kept.read_text() == '{"read_timeout": 5,'


def test_cli_overrides_are_checked() -> None:
    base = FireSettings()
    assert with_overrides(base, read_timeout=2.0, proxy=None).read_timeout == 2.0
    assert with_overrides(base, proxy="proxy.corp:3128").proxy == "http://proxy.corp:3128"
    with pytest.raises(SettingsError, match="Total time limit must be between"):
        with_overrides(base, total_timeout=0)
