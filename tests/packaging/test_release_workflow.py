"""The release workflow builds each installer with its recipe from packaging/, on the
platform it is for, and the recipes run the frozen app's --self-test before packing."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
RECIPES = {
    "ubuntu": "bash packaging/linux/build.sh",
    "windows": r"packaging\windows\build.ps1",
    "macos": "bash packaging/macos/build.sh",
}


def test_each_platform_builds_with_its_own_recipe() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for runner, recipe in RECIPES.items():
        assert f"os: {runner}-" in text, runner
        assert recipe in text, recipe
        path = recipe.split()[-1].replace("\\", "/")
        assert (ROOT / path).is_file(), path
    assert "upload-artifact" in text and "tags:" in text


def test_every_recipe_self_tests_the_frozen_app_before_packing() -> None:
    for recipe in RECIPES.values():
        path = ROOT / recipe.split()[-1].replace("\\", "/")
        assert "--self-test" in path.read_text(encoding="utf-8"), path


def test_the_linux_job_is_what_the_readme_says_builds_here() -> None:
    readme = (ROOT / "packaging" / "README.md").read_text(encoding="utf-8")
    assert RECIPES["ubuntu"] in readme
