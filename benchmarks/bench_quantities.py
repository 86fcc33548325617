"""Benchmark quantity extraction at scale: 1,000 synthetic documents of about 5,000 words each.

The synthetic corpus is the one the themes benchmark builds (``bench_themes.make_synthetic_segments``,
same seed): text blocks of the seed documents resampled with a seeded generator, so number forms,
traps and sentence lengths are those of real meeting reports. Each synthetic block is then split
into sentence rows as the segmenter does, and extraction (``scan_corpus_quantities``: quantities,
skips, what is counted, actor, period) is timed over all sentence rows, split across worker
processes by document. Building the corpus is not timed.
Target: under 30 seconds on a 2-core machine.

Usage (from the repository root):
    .venv/bin/python benchmarks/bench_quantities.py [--documents 1000] [--words 5000] [--seed 2024] [--workers 2]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_themes import make_synthetic_segments  # noqa: E402  (the same corpus as the themes benchmark)

from msmeetings.corpus import build_segments, load_manifest  # noqa: E402
from msmeetings.quantities import scan_corpus_quantities  # noqa: E402
from msmeetings.segment import SEGMENT_COLUMNS, TEXT_KINDS, split_sentences  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def add_sentence_rows(blocks: pd.DataFrame) -> pd.DataFrame:
    """Return a segments table with each block followed by its sentences (offsets within the block)."""
    rows = []
    for block in blocks.itertuples(index=False):
        base = {c: "" for c in SEGMENT_COLUMNS}
        rows.append(
            {
                **base,
                "segment_id": block.segment_id,
                "meeting_id": block.meeting_id,
                "kind": "paragraph",
                "text": block.text,
                "n_words": block.n_words,
                "char_start": 0,
                "char_end": len(block.text),
            }
        )
        for k, (start, end) in enumerate(split_sentences(block.text), start=1):
            rows.append(
                {
                    **base,
                    "segment_id": f"{block.segment_id}.{k:02d}",
                    "meeting_id": block.meeting_id,
                    "kind": "sentence",
                    "parent_id": block.segment_id,
                    "text": block.text[start:end],
                    "char_start": start,
                    "char_end": end,
                }
            )
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


def _extract(part: pd.DataFrame) -> tuple[int, int]:
    quantities, skips = scan_corpus_quantities(part)
    return len(quantities), len(skips)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print documents and words per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--words", type=int, default=5000, help="words per synthetic document")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (one per core)")
    args = parser.parse_args(argv)

    meetings = load_manifest(ROOT / "data" / "meetings.csv", ROOT / "data" / "raw")
    segments = build_segments(meetings, ROOT / "data" / "raw")
    seed_blocks = segments[segments["kind"].isin(TEXT_KINDS)]

    started = time.perf_counter()
    synthetic = add_sentence_rows(make_synthetic_segments(seed_blocks, args.documents, args.words, args.seed))
    built = time.perf_counter() - started
    n_words = int(pd.to_numeric(synthetic["n_words"], errors="coerce").fillna(0).sum())
    n_sentences = int((synthetic["kind"] == "sentence").sum())

    # Whole documents go to one worker: the actor carried from an earlier sentence stays within a document.
    documents = sorted(synthetic["meeting_id"].unique())
    chunks = [set(documents[i :: args.workers]) for i in range(args.workers)]
    parts = [synthetic[synthetic["meeting_id"].isin(chunk)] for chunk in chunks]

    started = time.perf_counter()
    cpu_started = time.process_time() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    if args.workers > 1:
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            counts = list(pool.map(_extract, parts))
    else:
        counts = [_extract(parts[0])]
    total = time.perf_counter() - started
    # CPU seconds do not depend on what else the machine runs: divided by the cores, they are the
    # wall time the extraction needs on an otherwise idle machine.
    cpu = time.process_time() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - cpu_started
    n_quantities = sum(c[0] for c in counts)
    n_skips = sum(c[1] for c in counts)

    print(
        f"synthetic corpus: {args.documents} documents, {n_sentences:,} sentences, {n_words:,} words "
        f"(built in {built:.1f} s, seed {args.seed})"
    )
    print(
        f"extraction with {args.workers} worker(s): {n_quantities:,} quantities, {n_skips:,} skipped numbers "
        f"in {total:.2f} s wall, {cpu:.2f} s CPU"
    )
    print(f"throughput: {args.documents / total:,.0f} documents/s, {n_words / total:,.0f} words/s")
    target = 30.0 * args.documents / 1000
    print(f"target: under {target:.1f} s -> {'met' if total < target else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
