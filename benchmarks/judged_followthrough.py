"""Follow-through verdicts of the current rules against every judged pair (all rounds) and every gold list.

    PYTHONPATH=src python benchmarks/judged_followthrough.py [--rows OUT.csv]

Judged pairs: all corpora traced together (as a round is drawn); a pair whose item id now names a
different text (the start of its text is not the judged snippet's) is left out. Per verdict:
precision (judged the same, of the pairs the rules give it) and recall (given it, of the pairs the
reader gave it), unweighted. Gold: each corpus with the seeds, as `python -m msmeetings.evaluate`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from msmeetings import themes
from msmeetings.evaluate import FOLLOWTHROUGH_GOLD_COLUMNS, _read_gold_csv, load_corpora, score_followthrough
from msmeetings.recommendations.rules import VERDICTS
from msmeetings.recommendations.score import CORPORA, trace_corpora

ROOT = Path(__file__).resolve().parents[1]


def _key(text: str) -> str:
    return " ".join(str(text).lower().split())


def judged_rows(root: Path = ROOT) -> pd.DataFrame:
    """Every judged pair with the current deciding verdict (now) and whether its item text is unchanged."""
    judged = pd.read_csv(root / "data/validation/followthrough_judgements.csv", dtype=str, keep_default_na=False)
    traced, recs, _ = trace_corpora(root)
    decided = traced[traced["decides"]].set_index(["recommendation_id", "later_meeting_id"])
    texts = dict(zip(recs["recommendation_id"], recs["text"].astype(str)))
    rows = []
    for j in judged.itertuples(index=False):
        text = texts.get(j.recommendation_id)
        same = text is not None and _key(text).startswith(_key(j.item_snippet)[:100])
        pair = (j.recommendation_id, j.later_meeting_id)
        now = decided.loc[pair, "verdict"] if same and pair in decided.index else "not_found"
        evidence = decided.loc[pair, "evidence"] if same and pair in decided.index else ""
        rows.append({**j._asdict(), "same_text": same, "now": now, "now_evidence": evidence})
    return pd.DataFrame(rows)


def per_verdict(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Precision and recall of each verdict in column against judged_verdict (unweighted)."""
    out = []
    for v in VERDICTS:
        given, truth = frame[frame[column] == v], frame[frame["judged_verdict"] == v]
        hit = (given["judged_verdict"] == v).sum()
        out.append(
            {
                "verdict": v,
                "given": len(given),
                "correct": int(hit),
                "precision": round(hit / len(given), 2) if len(given) else float("nan"),
                "judged": len(truth),
                "recall": round((truth[column] == v).sum() / len(truth), 2) if len(truth) else float("nan"),
            }
        )
    return pd.DataFrame(out)


def gold_agreement(root: Path = ROOT) -> pd.DataFrame:
    """Follow-through verdict agreement with each corpus's gold list (the corpus traced with the seeds)."""
    codebook = themes.load_codebook(root / "data" / "codebook.yml")
    out = []
    for name, folder in CORPORA.items():
        path = root / folder / "gold" / "followthrough_gold.csv"
        if not path.is_file():
            continue
        gold = _read_gold_csv(path, FOLLOWTHROUGH_GOLD_COLUMNS)
        folders = [root / folder] + ([root / "data"] if folder != "data" else [])
        meetings, segments = load_corpora(folders)
        rows = score_followthrough(segments, meetings, gold, codebook)
        agree = [r for r in rows if r["metric"] == "verdict agreement"][0]
        out.append({"corpus": name, "agreed": round(agree["value"] * agree["n"]), "n": agree["n"]})
    return pd.DataFrame(out)


def main() -> None:
    """Print the scores on the judged pairs (all rounds, and the latest) and on the gold lists."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=Path, default=None)
    args = parser.parse_args()
    rows = judged_rows()
    if args.rows:
        rows.to_csv(args.rows, index=False)
    kept = rows[rows["same_text"]]
    print(f"judged pairs: {len(rows)}, item text unchanged: {len(kept)}")
    print("current rules, all rounds:\n" + per_verdict(kept, "now").to_string(index=False))
    print("current rules, round 5:\n" + per_verdict(kept[kept["round"] == "5"], "now").to_string(index=False))
    gold = gold_agreement()
    print(gold.to_string(index=False))
    print(f"gold total: {gold['agreed'].sum()} of {gold['n'].sum()}")


if __name__ == "__main__":
    main()
