"""Profiles: round trip, atomic 0600 writes, clear errors for bad files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from app.core.destination.catalogue import get_destination
from app.core.destination.profile import ProfileError, load_profile, save_profile
from app.core.payload.mapping import apply_mapping, new_profile


def test_round_trip_and_permissions(tmp_path: Path) -> None:
    destination = get_destination("clevertap")
    profile = new_profile(destination, credentials={"account_id": "A-1"})
    profile.mapping["event_name"] = "Welcome Coupon"
    apply_mapping(profile, destination)
    path = tmp_path / "p.hooksmith.json"
    save_profile(profile, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_profile(path)
    assert again == profile
    assert '"evtName": "Welcome Coupon"' in again.template
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"format": "other"}', "not a Hooksmith profile"),
        ('{"format": "hooksmith-profile", "version": 99, "destination": "x"}', "newer Hooksmith"),
        (
            '{"format": "hooksmith-profile", "version": 1, "destination": ""}',
            "names no destination",
        ),
        (
            '{"format": "hooksmith-profile", "version": 1, "destination": "c", "params": [1]}',
            "damaged",
        ),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ProfileError, match=message):
        load_profile(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="No profile"):
        load_profile(tmp_path / "nope.json")


def test_mapping_with_number_and_attribute_sources_renders_bare_and_quoted() -> None:
    destination = get_destination("clevertap")
    profile = new_profile(destination)
    profile.mapping["identity"] = {"kind": "integration_id", "name": "", "type": "string"}
    profile.mapping["properties"] = [
        {"key": "Points", "kind": "attribute", "name": "points", "type": "number"},
        {"key": "Code", "kind": "param", "name": "CouponCode", "type": "string"},
    ]
    apply_mapping(profile, destination)
    document = json.loads(profile.template.replace("${$Profile.Attributes.points}", "1"))
    record = document["d"][0]
    assert record["identity"] == "${$Profile.IntegrationId}"
    assert record["evtData"] == {"Points": 1, "Code": "${$CouponCode}"}
    assert profile.samples["Profile.Attributes.points"] == "12345"
