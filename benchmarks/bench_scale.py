"""Build the whole report on synthetic corpora of 5, 25 and 100 meetings; print time per meeting.

Each synthetic document is resampled (fixed seed) from the paragraphs of the five seed documents,
with numbered section headings, so every chapter has something to find. The build grows no faster
than linearly when the seconds per meeting stay flat or fall as the corpus grows.
Run: `.venv/bin/python benchmarks/bench_scale.py [--sizes 5 25 100] [--keep DIR]`.
`--step followthrough` times only the follow-through of chapter 5 (extraction and tracing, in this
process) on the same corpora, for when the whole build is too slow to repeat.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from msmeetings import recommendations  # noqa: E402
from msmeetings.corpus import DOCUMENT_TYPES, MANIFEST_COLUMNS, build_segments, load_manifest  # noqa: E402
from msmeetings.segment import TEXT_KINDS  # noqa: E402
from msmeetings.themes import load_codebook  # noqa: E402


def seed_paragraphs() -> list[str]:
    """The clean text blocks of the seed documents."""
    meetings = load_manifest(ROOT / "data" / "meetings.csv", ROOT / "data" / "raw")
    segments = build_segments(meetings, ROOT / "data" / "raw")
    return segments[segments["kind"].isin(TEXT_KINDS - {"footnote"})]["text"].tolist()


def write_synthetic_corpus(target: Path, n_meetings: int, *, seed: int = 2024) -> None:
    """An input folder (codebook, gazetteers, validation files from data/) with n synthetic meetings."""
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("processed", "raw", "meetings.csv"))
    (target / "raw").mkdir()
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    rows = []
    for i in range(n_meetings):
        year, month = 2009 + (i * 15 // max(1, n_meetings)), 1 + i % 12
        meeting_id = f"{year}-synthetic-{i:03d}"
        sections = []
        for number in range(1, rng.randint(3, 6) + 1):
            body = "\n\n".join(rng.sample(paragraphs, rng.randint(3, 9)))
            sections.append(f"{number}. Session {number}\n\n{body}")
        text = f"Synthetic meeting {i}\n\nThe Hague, {year}\n\n" + "\n\n".join(sections) + "\n"
        name = f"{meeting_id}.txt"
        (target / "raw" / name).write_text(text, encoding="utf-8")
        rows.append(
            {
                "meeting_id": meeting_id,
                "title": f"Synthetic meeting {i}",
                "start_date": f"{year}-{month:02d}",
                "end_date": f"{year}-{month:02d}",
                "city": "The Hague",
                "country": "Netherlands",
                "organiser": "Eurojust",
                "document_type": DOCUMENT_TYPES[i % len(DOCUMENT_TYPES)],
                "language": "en",
                "source_file": name,
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "notes": "Synthetic, resampled from the seeds.",
            }
        )
    with (target / "meetings.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def time_followthrough(data: Path) -> tuple[float, float, int]:
    """Seconds to extract the items and to trace them through the later meetings, and the rows kept."""
    meetings = load_manifest(data / "meetings.csv", data / "raw")
    segments = build_segments(meetings, data / "raw")
    codebook = load_codebook(data / "codebook.yml")
    started = time.perf_counter()
    items = recommendations.extract_recommendations(segments, codebook)
    extracted = time.perf_counter()
    traced = recommendations.trace_followthrough(items, segments, meetings, 3, codebook=codebook)
    kept = recommendations.keep_found(traced)
    return extracted - started, time.perf_counter() - extracted, len(kept)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 25, 100])
    parser.add_argument("--keep", type=Path, help="keep the builds in this folder (to look at the charts)")
    parser.add_argument("--pdf", action="store_true", help="include the PDF (slower)")
    parser.add_argument("--step", choices=["build", "followthrough"], default="build", help="what to time")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        for n in args.sizes:
            data, out = base / f"data-{n}", base / f"out-{n}"
            shutil.rmtree(data, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            write_synthetic_corpus(data, n)
            if args.step == "followthrough":
                extract_s, trace_s, rows = time_followthrough(data)
                results.append((n, extract_s + trace_s))
                print(
                    f"{n:4d} meetings: extraction {extract_s:6.1f} s, follow-through {trace_s:6.1f} s "
                    f"({trace_s / n:5.2f} s per meeting), {rows} rows kept",
                    flush=True,
                )
                continue
            started = time.perf_counter()
            result = subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "build.py"),
                    "--data",
                    str(data),
                    "--out",
                    str(out),
                    "--force",
                    *([] if args.pdf else ["--no-pdf"]),
                ],
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - started
            if result.returncode != 0:
                print(result.stdout + result.stderr)
                raise SystemExit(f"build of {n} meetings failed")
            results.append((n, seconds))
            print(f"{n:4d} meetings: {seconds:7.1f} s  ({seconds / n:5.2f} s per meeting)", flush=True)
    (n0, s0), (n1, s1) = results[0], results[-1]
    print(
        f"growth: {n1 / n0:.0f}x the meetings took {s1 / s0:.1f}x the time "
        f"({'sub-linear' if s1 / s0 <= n1 / n0 else 'super-linear'})"
    )


if __name__ == "__main__":
    main()
