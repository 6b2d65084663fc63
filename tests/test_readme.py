"""The README's "Where things live" is the tree: every app in veckan/, every top-level folder and
every script is named there, and everything named there exists."""

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _block() -> list[str]:
    section = (ROOT / "README.md").read_text().split("## Where things live", 1)[1]
    return section.split("```", 2)[1].splitlines()


def _named(indent: int) -> set[str]:
    """The folders the block names at this indentation ("veckan/" at 0, its apps at 2)."""
    pattern = re.compile(rf"^ {{{indent}}}([a-z_]+)/(\s|$)")
    return {match[1] for line in _block() if (match := pattern.match(line))}


def _tracked_folders() -> set[str]:
    files = subprocess.run(
        [shutil.which("git"), "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return {name.split("/", 1)[0] for name in files if "/" in name and not name.startswith(".")}


def test_every_app_of_the_package_is_named_and_nothing_else():
    apps = {path.name for path in (ROOT / "veckan").iterdir() if (path / "__init__.py").exists()}
    assert _named(2) == apps


def test_every_top_level_folder_is_named_and_nothing_else():
    assert _named(0) == _tracked_folders()


def test_every_script_is_named_and_nothing_else():
    [line] = [line for line in _block() if line.startswith("scripts/")]
    named = {name.strip() for name in line.removeprefix("scripts/").split(",")}
    assert named == {path.name for path in (ROOT / "scripts").iterdir()}
