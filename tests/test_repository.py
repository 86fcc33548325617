"""The repository keeps its conventions: what the README promises, names, no stray files."""

import re
import subprocess

from msmeetings import pipeline

from .conftest import DATA, ROOT


def tracked_files() -> list[str]:
    """Files git tracks (or would, for new ones not ignored)."""
    result = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test__readme__quick_start_is_the_two_make_targets_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)
    for target in ("report", "test"):
        assert subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True).returncode == 0


def test__repository__no_untitled_or_checkpoint_files():
    files = tracked_files()
    assert not [f for f in files if "Untitled" in f or ".ipynb_checkpoints" in f or f.endswith(".pyc")]


def test__figures__each_named_after_the_notebook_that_draws_it():
    numbers = {s.name[:2] for s in pipeline.STEPS}
    for path in (ROOT / "figures").glob("*"):
        assert path.name[:2] in numbers, f"{path.name} does not trace to a notebook"


def test__raw_files__all_listed_in_the_manifest():
    listed = set(re.findall(r",([^,]+\.txt),[0-9a-f]{64},", (DATA / "meetings.csv").read_text(encoding="utf-8")))
    assert listed == {p.name for p in (DATA / "raw").iterdir()}


def test__requirements__every_pin_has_a_reason():
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            assert "==" in line and "#" in line, f"unpinned or unexplained: {line}"
