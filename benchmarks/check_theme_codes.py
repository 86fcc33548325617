"""Check that theme coding gives byte-identical codes before and after a change to its speed.

Codes every corpus (data, data/dev, data/sealed, data/sealed-2, -3, -4) by paragraph and by
sentence, and the synthetic corpus of bench_themes.py by paragraph, and writes each code_segments
table as CSV to a directory; with --compare, compares the CSVs of two such directories byte for byte.

Usage (from the repository root):
    .venv/bin/python benchmarks/check_theme_codes.py --out /tmp/codes-before
    .venv/bin/python benchmarks/check_theme_codes.py --out /tmp/codes-after
    .venv/bin/python benchmarks/check_theme_codes.py --compare /tmp/codes-before /tmp/codes-after
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("data", "data/dev", "data/sealed", "data/sealed-2", "data/sealed-3", "data/sealed-4")


def write_codes(out: Path) -> None:
    """Code every corpus (both units) and the synthetic one, one CSV each in out."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_themes import make_synthetic_segments

    from msmeetings.corpus import build_segments, load_manifest
    from msmeetings.themes import TEXT_KINDS, code_segments, load_codebook

    out.mkdir(parents=True, exist_ok=True)
    codebook = load_codebook(ROOT / "data" / "codebook.yml")
    seed_blocks = None
    for corpus in CORPORA:
        folder = ROOT / corpus
        if not (folder / "meetings.csv").exists():
            print(f"{corpus}: no manifest, skipped")
            continue
        segments = build_segments(load_manifest(folder / "meetings.csv", folder / "raw"), folder / "raw")
        if corpus == "data":
            seed_blocks = segments[segments["kind"].isin(TEXT_KINDS)]
        for unit in ("paragraph", "sentence"):
            name = f"{corpus.replace('/', '_')}.{unit}.csv"
            code_segments(segments, codebook, unit=unit).to_csv(out / name, index=False)
            print(name, hashlib.sha256((out / name).read_bytes()).hexdigest()[:16])
    synthetic = make_synthetic_segments(seed_blocks, 1000, 5000, 2024)
    code_segments(synthetic, codebook, unit="paragraph").to_csv(out / "synthetic.paragraph.csv", index=False)
    print("synthetic.paragraph.csv", hashlib.sha256((out / "synthetic.paragraph.csv").read_bytes()).hexdigest()[:16])


def compare(before: Path, after: Path) -> int:
    """Compare the CSVs of two directories byte for byte; 0 when all are identical."""
    names = sorted({p.name for p in before.glob("*.csv")} | {p.name for p in after.glob("*.csv")})
    bad = 0
    for name in names:
        a, b = before / name, after / name
        same = a.exists() and b.exists() and a.read_bytes() == b.read_bytes()
        rows = sum(1 for _ in open(a)) - 1 if a.exists() else -1
        print(f"{name}: {'identical' if same else 'DIFFERENT'} ({rows} codes)")
        bad += not same
    print(f"{len(names) - bad} of {len(names)} identical")
    return 1 if bad or not names else 0


def main(argv: list[str] | None = None) -> int:
    """Write the codes, or compare two directories of them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        parser.error("give --out DIR or --compare BEFORE AFTER")
    write_codes(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
