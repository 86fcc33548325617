"""Find regular expressions that backtrack catastrophically, before they hang a build.

Python's `re` cannot be interrupted, so the patterns run in a child process on probe texts, each
within a time budget; a pattern that overruns it is the one the child was running when it was stopped.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading

# Generous: a sound pattern takes microseconds on the probes, a catastrophic one takes minutes to ages.
BUDGET_SECONDS = 2.0
# Text of the shapes that make nested quantifiers explode: long runs of words, letters, digits, spaces.
PROBES = (
    " ".join(["the prosecutors of the member states agreed to cooperate more closely"] * 4),
    "a" * 60,
    "1" * 60,
    " ".join("a" * 60),
    "a " * 30 + "!",
    "-" * 60,
)
_CHILD = r"""
import json, re, sys
patterns, probes = json.loads(sys.stdin.read())
for index, pattern in enumerate(patterns):
    print(index, flush=True)
    try:
        compiled = re.compile(pattern)
    except re.error:
        continue
    for probe in probes:
        compiled.search(probe)
print("done", flush=True)
"""


def find_slow_pattern(patterns: list[str], probes: tuple[str, ...] = PROBES, *, budget: float = BUDGET_SECONDS):
    """Return the index of the first pattern that takes longer than `budget` seconds on the probes, or None."""
    if not patterns:
        return None
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in child.stdout:
            lines.put(line.strip())
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    child.stdin.write(json.dumps([patterns, list(probes)]))
    child.stdin.close()
    current = None
    try:
        while True:
            try:
                line = lines.get(timeout=budget + (5.0 if current is None else 0.0))  # startup is not the pattern's
            except queue.Empty:
                return current if current is not None else 0
            if line is None or line == "done":
                return None
            current = int(line)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
