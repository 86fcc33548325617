"""Putting a build's outputs in place: one build at a time, only in folders it owns, all or nothing.

A reader of the output folder must never see new tables beside an old report. Every file is first
copied next to its target (same file system, so the final rename is atomic), then the targets are
swapped in one after another under a journal; any error rolls the swapped ones back, and a build
killed half-way is rolled back by the next one before it does anything else.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from msmeetings.corpus import sha256_file
from msmeetings.errors import BuildLocked, InputError, OutputError
from msmeetings.files import write_bytes_atomically

JOURNAL = "publish-journal.json"
LOCK = "build.lock"
# Written into the build folder of every output folder build.py makes; --out into a folder without
# it (and not empty) is refused, so that a build never overwrites files it did not write.
OWNER_MARKER = "made-by-build.py"


def _hash(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


class OutputLock:
    """An exclusive lock on an output folder, released when the build ends or its process dies."""

    def __init__(self, build_dir: Path, out: Path):
        """Lock the output folder `out`, whose build folder is `build_dir`."""
        self.path = build_dir / LOCK
        self.out = out
        self.handle = None

    def __enter__(self) -> OutputLock:
        """Take the lock, or raise BuildLocked naming the build that holds it."""
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            # flock, not a lock file's mere existence: the kernel drops it when the holder dies, so a
            # killed build never leaves a stale lock behind.
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "details unknown"
            handle.close()
            raise BuildLocked(
                f"another build is running in {self.out} ({holder}). Wait for it to finish, or build into "
                "another folder with --out DIR."
            ) from None
        handle.seek(0)
        handle.truncate()
        started = dt.datetime.now().isoformat(timespec="seconds")
        handle.write(f"pid {os.getpid()}, started {started}: {' '.join(sys.argv) or 'python'}")
        handle.flush()
        self.handle = handle
        return self

    def __exit__(self, *exc) -> None:
        """Release the lock."""
        import fcntl

        if self.handle is not None:
            self.handle.seek(0)
            self.handle.truncate()
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def claim_output_folder(out: Path, build_dir: Path, *, repository: Path) -> None:
    """Refuse an --out folder that holds files build.py did not write; mark the ones it makes.

    Raises:
        InputError: the folder exists, is not empty and was not made by build.py.
    """
    marker = build_dir / OWNER_MARKER
    ours = out == repository or any((build_dir / name).is_file() for name in (OWNER_MARKER, "state.json", LOCK))
    if not ours and out.exists():
        if not out.is_dir():
            raise InputError(f"--out {out}: is a file, not a folder. Give a new or empty folder.")
        if any(out.iterdir()):
            raise InputError(
                f"--out {out}: the folder is not empty and was not made by build.py (no {marker.name} in "
                f"{build_dir}). build.py overwrites data/processed, figures and report there; give a new or "
                "empty folder instead."
            )
    if out != repository and not marker.is_file():
        check_writable([build_dir])
        write_bytes_atomically(marker, b"This output folder was made by build.py, which may overwrite its files.\n")


def check_writable(folders: list[Path]) -> None:
    """Make each folder if needed and prove it can be written, before any step runs.

    Raises:
        InputError: naming the first folder that cannot be made or written, and why.
    """
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # os.access can say yes where a write fails (root, read-only mounts): try one.
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            raise InputError(
                f"{folder}: cannot write output there ({exc.strerror or exc}). Make the folder writable "
                "(e.g. `chmod u+w`), or build elsewhere with --out DIR. Nothing was run."
            ) from None


def publish(moves: list[tuple[Path, Path]], journal: Path) -> list[Path]:
    """Put staged files in place all together, only those whose bytes changed; return their targets.

    Args:
        moves: (staged file, final path) pairs.
        journal: where to record the swap while it is under way (in the build folder).

    Raises:
        OutputError: naming the path that could not be written; every target is as it was before.
    """
    todo = [(source, target) for source, target in moves if _hash(source) != _hash(target)]
    prepared: list[dict] = []
    current = None
    try:
        for source, target in todo:
            current = target
            target.parent.mkdir(parents=True, exist_ok=True)
            new = target.with_name(f".{target.name}.new")
            entry = {"target": str(target), "new": str(new), "backup": None}
            prepared.append(entry)
            shutil.copyfile(source, new)
            if target.exists():
                entry["backup"] = str(target.with_name(f".{target.name}.old"))
        current = journal
        write_bytes_atomically(journal, json.dumps(prepared, indent=1).encode("utf-8"))
    except OSError as exc:
        for entry in prepared:
            Path(entry["new"]).unlink(missing_ok=True)
        raise _publish_error(current, exc) from None
    done: list[dict] = []
    try:
        for entry in prepared:
            target = current = Path(entry["target"])
            if entry["backup"]:
                backup = Path(entry["backup"])
                backup.unlink(missing_ok=True)
                # A hard link keeps the old file at its name until the rename replaces it: no moment
                # without a file at the target.
                try:
                    os.link(target, backup)
                except OSError:
                    shutil.copy2(target, backup)
            os.replace(entry["new"], target)
            done.append(entry)
    except OSError as exc:
        roll_back(prepared)
        journal.unlink(missing_ok=True)
        raise _publish_error(current, exc) from None
    journal.unlink()  # the commit point: from here on the new files stand
    for entry in prepared:
        if entry["backup"]:
            Path(entry["backup"]).unlink(missing_ok=True)
    return [Path(entry["target"]) for entry in prepared]


def roll_back(entries: list[dict]) -> None:
    """Return every target of an interrupted publish to what it was before it began."""
    for entry in reversed(entries):
        target, new = Path(entry["target"]), Path(entry["new"])
        backup = Path(entry["backup"]) if entry["backup"] else None
        if new.exists():  # never swapped in
            new.unlink()
            if backup is not None:
                backup.unlink(missing_ok=True)
        elif backup is not None and backup.exists():
            os.replace(backup, target)
        elif backup is None:
            target.unlink(missing_ok=True)


def recover_interrupted_publish(journal: Path) -> bool:
    """Roll back a publish that a killed build left half-done; True if there was one."""
    if not journal.is_file():
        return False
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        entries = []  # killed while writing the journal: nothing had been swapped yet
    roll_back(entries)
    journal.unlink()
    return True


def _publish_error(path: Path | None, exc: OSError) -> OutputError:
    return OutputError(
        f"could not write {path} ({exc.strerror or exc}). Nothing was published: the previous report, tables "
        "and charts are unchanged. Free disk space or fix the folder's permissions and build again."
    )
