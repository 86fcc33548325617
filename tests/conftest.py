"""Shared fixtures: a writable copy of the input folder, and paths of the repository."""

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ without the processed tables, for bad-input tests."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("processed"))
    for path in (target / "raw").iterdir():
        path.chmod(0o644)
    return target
