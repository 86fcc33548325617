"""Time the build: cold, no-change rebuild, and the plain papermill + nbconvert baseline.

Prints the three timings (median of --repeat runs) and the ratios the README quotes.
Run: `make bench` or `.venv/bin/python benchmarks/bench_build.py [--repeat 3]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from msmeetings.pipeline import NOTEBOOK_DIR, STEPS  # noqa: E402


def timed(command: list[str], cwd: Path = ROOT) -> float:
    """Run a command; return its wall-clock seconds (it must succeed)."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def cold_and_warm(extra: list[str]) -> tuple[float, float]:
    """A cold build into a fresh folder, then a no-change rebuild of the same folder."""
    with tempfile.TemporaryDirectory() as out:
        cold = timed([sys.executable, "build.py", "--out", out, *extra])
        warm = timed([sys.executable, "build.py", "--out", out, *extra])
    return cold, warm


def baseline() -> float:
    """Each notebook through plain papermill, then `jupyter nbconvert --to html --no-input`."""
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        params = ["-p", "processed_dir", str(tmp_path / "processed"), "-p", "figures_dir", str(tmp_path / "figures")]
        started = time.perf_counter()
        for step in STEPS:
            executed = tmp_path / f"{step.name}.ipynb"
            subprocess.run(
                [str(bindir / "papermill"), "--no-progress-bar", str(step.notebook), str(executed), *params],
                cwd=NOTEBOOK_DIR,
                check=True,
                capture_output=True,
            )
            subprocess.run(
                [str(bindir / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                check=True,
                capture_output=True,
            )
        return time.perf_counter() - started


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement (median is shown)")
    args = parser.parse_args()
    colds, warms, colds_html, bases = [], [], [], []
    for _ in range(args.repeat):
        cold, warm = cold_and_warm([])
        colds.append(cold)
        warms.append(warm)
        colds_html.append(cold_and_warm(["--no-pdf"])[0])
        bases.append(baseline())
    cold, warm, cold_html, base = (statistics.median(x) for x in (colds, warms, colds_html, bases))
    print(f"steps: {len(STEPS)}; runs: {args.repeat} (medians)")
    print(f"cold build (HTML + PDF):          {cold:7.2f} s")
    print(f"cold build (HTML only, --no-pdf): {cold_html:7.2f} s")
    print(f"no-change rebuild:                {warm:7.2f} s")
    print(f"baseline papermill + nbconvert:   {base:7.2f} s (HTML only, one file per notebook)")
    print(f"cold / no-change rebuild:         {cold / warm:7.1f} x   (target >= 20)")
    print(f"cold HTML-only / baseline:        {cold_html / base:7.2f}     (target <= 1.0)")
    print(f"cold with PDF / baseline:         {cold / base:7.2f}")


if __name__ == "__main__":
    main()
