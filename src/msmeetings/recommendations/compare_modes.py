"""Compare the follow-through similarity modes (tfidf, semantic) on the gold lists and the judged sample.

``python -m msmeetings.recommendations.compare_modes`` traces every installed mode over the seeds
(``data/``), the development corpus (``data/dev``) and the sealed sets (``data/sealed``,
``data/sealed-2``, ``data/sealed-3``, ``data/sealed-4``, ``data/sealed-5``), and scores each against:

- gold: the ``followthrough_gold.csv`` of each corpus with gold lists, scored as
  ``msmeetings.evaluate`` scores it (the corpus plus the seeds as source meetings): the share of gold
  pairs whose source item is extracted, and of those, the share whose verdict agrees;
- judged: the pairs of ``data/validation/followthrough_judgements.csv`` (all rounds), traced over
  all seven corpora at once: agreement of the mode's verdict with the judged verdict, and for each
  cue verdict its precision where the mode gives it (the share of the pairs the mode gives that
  verdict that the reader judged the same);
- time: seconds to trace all seven corpora (the semantic mode's includes loading the model and
  embedding every passage; the time is of this machine and varies between runs).

``--sweep 0.4,0.45,0.5`` scores the semantic mode at each threshold on development data only: the
gold of ``data/dev`` and the round-1 judged pairs (drawn from the seeds and the development corpus,
traced over those two), to calibrate MIN_SIMILARITY["semantic"] without looking at the sealed sets.

The table is written to ``data/validation/similarity_modes.csv`` (three decimals) with --write.
"""

from __future__ import annotations

import argparse
import sys
import time

import pandas as pd

from msmeetings import evaluate, themes
from msmeetings import recommendations as rec
from msmeetings.outputs import write_csv
from msmeetings.recommendations import score
from msmeetings.recommendations.similarity import MIN_SIMILARITY, SIMILARITY_MODES

DATA = evaluate.REPOSITORY_DATA
CORPORA = {name: DATA.parent / folder for name, folder in score.CORPORA.items()}
OUTPUT = DATA / "validation" / "similarity_modes.csv"
COLUMNS = ["mode", "min_similarity", "sample", "metric", "value", "n"]
CUE_VERDICTS = ("implemented", "reiterated", "recurring")


def score_gold(mode: str, corpus: str, codebook, min_similarity: float | None = None) -> list[dict]:
    """Gold follow-through scores of one corpus (with the seeds as source meetings) in one mode."""
    meetings, segments = evaluate.load_corpora(CORPORA[name] for name in ("seeds", corpus))
    gold = evaluate._read_gold_csv(
        evaluate.find_gold_dir(CORPORA[corpus]) / "followthrough_gold.csv", evaluate.FOLLOWTHROUGH_GOLD_COLUMNS
    )
    rows = evaluate.score_followthrough(
        segments, meetings, gold, codebook, similarity=mode, min_similarity=min_similarity
    )
    return [{"sample": f"gold {corpus}", "metric": r["metric"], "value": r["value"], "n": r["n"]} for r in rows]


def score_judged(verdicts: pd.Series, judgements: pd.DataFrame) -> list[dict]:
    """Agreement with the judged verdicts, and precision of each cue verdict the mode gives, per round and in all."""
    pairs = zip(judgements["recommendation_id"], judgements["later_meeting_id"])
    frame = judgements.assign(mode_verdict=[verdicts.get(pair, "not_found") for pair in pairs])
    rows = []
    rounds = [("judged", frame)] + [
        (f"judged round {r}", group) for r, group in frame.groupby(pd.to_numeric(frame["round"]), sort=True)
    ]
    for sample, group in rounds:
        agree = group["mode_verdict"] == group["judged_verdict"]
        rows.append({"sample": sample, "metric": "verdict agreement", "value": agree.mean(), "n": len(group)})
        for verdict in CUE_VERDICTS:
            given = group[group["mode_verdict"] == verdict]
            rows.append(
                {
                    "sample": sample,
                    "metric": f"{verdict} precision",
                    "value": (given["judged_verdict"] == verdict).mean() if len(given) else float("nan"),
                    "n": len(given),
                }
            )
    return rows


def compare(modes=SIMILARITY_MODES) -> pd.DataFrame:
    """The comparison table (COLUMNS) of the given modes."""
    codebook = themes.load_codebook(DATA / "codebook.yml")
    judgements = pd.read_csv(DATA / "validation" / "followthrough_judgements.csv", dtype=str, keep_default_na=False)
    meetings, segments = evaluate.load_corpora(CORPORA.values())
    items = rec.extract_recommendations(segments, codebook)
    rows = []
    for mode in modes:
        started = time.perf_counter()
        traced = rec.trace_followthrough(items, segments, meetings, codebook=codebook, similarity=mode)
        seconds = time.perf_counter() - started
        decided = traced[traced["decides"]]
        verdicts = decided.set_index(["recommendation_id", "later_meeting_id"])["verdict"]
        mode_rows = [{"sample": "all corpora", "metric": "seconds", "value": seconds, "n": len(decided)}]
        for verdict in ("not_found",) + CUE_VERDICTS:
            share = (decided["verdict"] == verdict).mean()
            mode_rows.append({"sample": "all corpora", "metric": f"{verdict} share", "value": share, "n": len(decided)})
        mode_rows += score_judged(verdicts, judgements)
        for corpus in (name for name in CORPORA if name != "seeds"):
            mode_rows += score_gold(mode, corpus, codebook)
        rows += [{"mode": mode, "min_similarity": MIN_SIMILARITY[mode], **row} for row in mode_rows]
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.round({"value": 3})


def sweep(thresholds: list[float]) -> pd.DataFrame:
    """Gold scores of the semantic mode on the development corpus at each threshold (calibration)."""
    codebook = themes.load_codebook(DATA / "codebook.yml")
    judgements = pd.read_csv(DATA / "validation" / "followthrough_judgements.csv", dtype=str, keep_default_na=False)
    development = judgements[pd.to_numeric(judgements["round"]) == 1]
    meetings, segments = evaluate.load_corpora([CORPORA["seeds"], CORPORA["dev"]])
    development = development[development["later_meeting_id"].isin({m.meeting_id for m in meetings})]
    items = rec.extract_recommendations(segments, codebook)
    rows = []
    for threshold in thresholds:
        traced = rec.trace_followthrough(
            items, segments, meetings, codebook=codebook, similarity="semantic", min_similarity=threshold
        )
        verdicts = traced[traced["decides"]].set_index(["recommendation_id", "later_meeting_id"])["verdict"]
        judged = [r for r in score_judged(verdicts, development) if r["sample"] == "judged"]
        rows += [
            {"mode": "semantic", "min_similarity": threshold, **row}
            for row in score_gold("semantic", "dev", codebook, min_similarity=threshold)
            + [{**r, "sample": "judged round 1 (seeds, dev)"} for r in judged]
        ]
    return pd.DataFrame(rows, columns=COLUMNS).round({"value": 3})


def main(argv: list[str] | None = None) -> int:
    """Print the comparison (or the calibration sweep); with --write, also keep it in OUTPUT."""
    parser = argparse.ArgumentParser(prog="python -m msmeetings.recommendations.compare_modes")
    parser.add_argument("--write", action="store_true", help=f"write the table to {OUTPUT}")
    parser.add_argument("--sweep", help="comma-separated thresholds: the semantic mode's dev gold scores at each")
    args = parser.parse_args(argv)
    if args.sweep:
        if "semantic" not in SIMILARITY_MODES:
            print(f"{rec.SEMANTIC_HINT}.", file=sys.stderr)
            return 2
        table = sweep([float(t) for t in args.sweep.split(",")])
    else:
        table = compare()
    with pd.option_context("display.width", 160, "display.max_rows", 500):
        print(table.to_string(index=False))
    if args.write and not args.sweep:
        write_csv(table, OUTPUT)
        print(f"written to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

