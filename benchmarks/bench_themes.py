"""Benchmark theme coding at scale: 1,000 synthetic documents of about 5,000 words each.

The synthetic corpus resamples, with a seeded generator, the text blocks of the seed documents
(paragraphs, bullets, list items, footnotes), so its vocabulary and passage lengths are those of
real meeting reports. Coding is timed end to end (code_segments, then build_theme_matrix).
Target: under 10 seconds on a 2-core machine.

Usage (from the repository root):
    .venv/bin/python benchmarks/bench_themes.py [--documents 1000] [--words 5000] [--seed 2024]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from msmeetings.corpus import build_segments, load_manifest
from msmeetings.themes import TEXT_KINDS, build_theme_matrix, code_segments, load_codebook

ROOT = Path(__file__).resolve().parents[1]


def make_synthetic_segments(
    seed_blocks: pd.DataFrame, n_documents: int, words_per_document: int, seed: int
) -> pd.DataFrame:
    """Build a segments table of n_documents, each resampled from the seed blocks up to the word target."""
    rng = np.random.default_rng(seed)
    texts = seed_blocks["text"].tolist()
    words = seed_blocks["n_words"].astype(int).to_numpy()
    # Draw more indices than needed at once, then cut each document at the word target.
    mean_words = max(float(words.mean()), 1.0)
    per_doc = int(words_per_document / mean_words * 1.5) + 10
    rows = []
    for d in range(n_documents):
        meeting_id = f"synthetic-{d:04d}"
        picks = rng.integers(0, len(texts), size=per_doc)
        total, number = 0, 0
        for i in picks:
            if total >= words_per_document:
                break
            number += 1
            total += int(words[i])
            rows.append((f"{meeting_id}:{number:03d}", meeting_id, "paragraph", texts[i], int(words[i])))
    return pd.DataFrame(rows, columns=["segment_id", "meeting_id", "kind", "text", "n_words"])


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its ended child processes."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print documents and words per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--words", type=int, default=5000, help="words per synthetic document")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--unit", default="paragraph", choices=["paragraph"])
    parser.add_argument(
        "--workers", type=int, default=None, help="processes (default: two on a large corpus when there are two cores)"
    )
    args = parser.parse_args(argv)

    meetings = load_manifest(ROOT / "data" / "meetings.csv", ROOT / "data" / "raw")
    segments = build_segments(meetings, ROOT / "data" / "raw")
    seed_blocks = segments[segments["kind"].isin(TEXT_KINDS)]
    codebook = load_codebook(ROOT / "data" / "codebook.yml")

    started = time.perf_counter()
    synthetic = make_synthetic_segments(seed_blocks, args.documents, args.words, args.seed)
    built = time.perf_counter() - started
    n_words = int(synthetic["n_words"].sum())

    started, cpu_started = time.perf_counter(), _cpu_seconds()
    codes = code_segments(synthetic, codebook, unit=args.unit, workers=args.workers)
    coded = time.perf_counter() - started
    meeting_ids = pd.DataFrame({"meeting_id": sorted(synthetic["meeting_id"].unique())})
    matrix = build_theme_matrix(codes, synthetic, meeting_ids, codebook, unit=args.unit)
    total = time.perf_counter() - started
    # CPU time of this process and its workers: what the coding costs even when other work shares the machine.
    cpu = _cpu_seconds() - cpu_started

    print(
        f"synthetic corpus: {args.documents} documents, {len(synthetic)} passages, {n_words:,} words "
        f"(built in {built:.1f} s, seed {args.seed})"
    )
    print(
        f"coding: {len(codes)} codes in {coded:.2f} s; with theme matrix ({len(matrix)} rows): {total:.2f} s "
        f"wall clock, {cpu:.2f} s CPU"
    )
    print(f"throughput: {args.documents / total:,.0f} documents/s, {n_words / total:,.0f} words/s")
    target = 10.0 * args.documents / 1000
    print(f"target: under {target:.1f} s -> {'met' if total < target else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
