"""Score the current extractors on any corpus that has gold lists: the yardstick for rule changes.

A corpus folder holds ``meetings.csv``, ``raw/`` and the gold lists, in ``gold/`` (the layout of
``data/dev/``) or ``validation/`` (the shipped seeds, ``data/``):

- ``quantities_gold.csv`` and ``theme_judgements.csv``: the seeds' formats, read by the
  package's own loaders and scored by its own functions (``score_quantities``,
  ``score_theme_coding``);
- ``actors_gold.csv``: the seeds' format, plus two roles the extractor does not know: ``funder``
  (paid for the meeting, did not take part) scores as ``subject``, ``observer`` (attended without
  a seat) as ``participant``; then ``score_actors`` as in chapter 4. People are scored on their
  ids (``slugify`` of the name as a reader would transliterate it) against ``extract_people``;
- ``recommendations_gold.csv``: meeting_id, item_snippet, addressee, kind, is_item. A row with
  is_item 1 is a real item; 0 is a line (lead-in, courtesy, announcement) that must not become
  one. An extracted item matches a row when the snippet occurs in its text (case and spacing
  ignored). Challenges are not in this gold list and are not scored;
- ``followthrough_gold.csv``: source_meeting_id, source_item_snippet, later_meeting_id, verdict,
  evidence_snippet. Source meetings outside the corpus are read from the ``also`` corpora (for
  ``data/dev``, the shipped seeds).

Each extractor is scored only on the meetings its gold list covers, so a corpus with gold for
some documents can still be scored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import pandas as pd

from msmeetings import actors, corpus, themes
from msmeetings import quantities as q
from msmeetings import recommendations as rec
from msmeetings.errors import InputError
from msmeetings.outputs import write_csv

SCORE_COLUMNS = ["extractor", "metric", "value", "n", "note"]
# Roles a reader can state that the extractor has no label for, and the label they score as.
EXTRA_ROLES = {"funder": "subject", "observer": "participant"}
TOOK_PART_ROLES = ("participant", "observer")
RECOMMENDATION_GOLD_COLUMNS = ["meeting_id", "item_snippet", "addressee", "kind", "is_item"]
FOLLOWTHROUGH_GOLD_COLUMNS = [
    "source_meeting_id",
    "source_item_snippet",
    "later_meeting_id",
    "verdict",
    "evidence_snippet",
]
REPOSITORY_DATA = Path(__file__).resolve().parents[2] / "data"


def find_gold_dir(corpus_dir: str | Path) -> Path:
    """The folder of gold lists: ``gold/`` (development layout) or ``validation/`` (the seeds')."""
    corpus_dir = Path(corpus_dir)
    for name in ("gold", "validation"):
        if (corpus_dir / name).is_dir():
            return corpus_dir / name
    raise InputError(f"{corpus_dir}: no gold/ or validation/ folder. Give the gold lists' folder with --gold.")


def _read_gold_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}. The header must be {','.join(columns)}.")
    return table


def load_actor_gold(path: str | Path) -> pd.DataFrame:
    """The actors gold list with the extra roles kept in ``stated_role`` and mapped in ``role``.

    Raises:
        InputError: an unknown actor type or role, or an actor listed twice for a meeting.
    """
    path = Path(path)
    table = _read_gold_csv(path, actors.GOLD_COLUMNS)
    known = set(actors.ROLES) | set(EXTRA_ROLES)
    bad = table.index[~table["role"].isin(known)]
    if len(bad):
        raise InputError(
            f"{path}: line {bad[0] + 2}: unknown role '{table.loc[bad[0], 'role']}'. "
            f"Use one of: {', '.join(sorted(known))}."
        )
    bad = table.index[~table["actor_type"].isin(actors.ACTOR_TYPES)]
    if len(bad):
        raise InputError(f"{path}: line {bad[0] + 2}: unknown actor_type '{table.loc[bad[0], 'actor_type']}'.")
    dup = table.duplicated(["meeting_id", "actor_type", "actor_id"])
    if dup.any():
        raise InputError(f"{path}: line {table.index[dup][0] + 2}: actor listed twice for its meeting.")
    table = table.assign(stated_role=table["role"], role=table["role"].replace(EXTRA_ROLES))
    return table


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _row(extractor: str, metric: str, hits: int, total: int, note: str = "") -> dict:
    return {
        "extractor": extractor,
        "metric": metric,
        "value": round(hits / total, 4) if total else float("nan"),
        "n": total,
        "note": note,
    }


def score_quantity_extraction(segments, raw_texts, gold: pd.DataFrame) -> list[dict]:
    """Precision, recall and qualifier agreement of the figures, from ``score_quantities``."""
    meeting_ids = sorted(set(gold["meeting_id"]))
    found, _ = q.scan_corpus_quantities(segments[segments["meeting_id"].isin(meeting_ids)], raw_texts)
    overall = q.score_quantities(found, gold, meeting_ids).set_index("meeting_id").loc["all"]
    matched, extracted, listed = int(overall["n_matched"]), int(overall["n_extracted"]), int(overall["n_gold"])
    agreed = overall["qualifier_agreement"]
    return [
        _row("quantities", "precision", matched, extracted, "same meeting, value and unit"),
        _row("quantities", "recall", matched, listed),
        _row("quantities", "qualifier agreement", round(agreed * matched) if matched else 0, matched, "of matched"),
    ]


def score_actor_extraction(segments, gold: pd.DataFrame, gazetteers, meeting_dates) -> list[dict]:
    """Detection and role scores from ``score_actors``; took-part recall; people precision and recall.

    Detection and role are given for all actors, then for countries and for organisations alone.
    """
    meeting_ids = set(gold["meeting_id"])
    blocks = segments[segments["meeting_id"].isin(meeting_ids)]
    found = actors.extract_actors(blocks, gazetteers, meeting_dates)
    # The extractor now gives observers and funders their own role: score against the role as stated.
    named = gold[gold["actor_type"] != "person"].assign(role=lambda g: g["stated_role"])
    # People are scored on their own below; kept here they would count as extracted with no gold.
    named_found = found[found["actor_type"] != "person"]
    scores = actors.score_actors(named_found, named[actors.GOLD_COLUMNS]).set_index(["level", "actor_type"])
    rows = []
    for level in ("detection", "role"):
        s = scores.loc[(level, "all")]
        rows.append(_row("actors", f"{level} precision", int(s["n_correct"]), int(s["n_extracted"])))
        rows.append(_row("actors", f"{level} recall", int(s["n_correct"]), int(s["n_gold"])))
    # The same by type: countries and organisations have their own targets.
    for actor_type, label in (("country", "countries"), ("organisation", "organisations")):
        for level in ("detection", "role"):
            s = scores.loc[(level, actor_type)]
            rows.append(_row("actors", f"{label} {level} precision", int(s["n_correct"]), int(s["n_extracted"])))
            rows.append(_row("actors", f"{label} {level} recall", int(s["n_correct"]), int(s["n_gold"])))
    roles = actors.summarise_roles(found)
    took_part = set(
        roles.loc[roles["role"].isin(TOOK_PART_ROLES), ["meeting_id", "actor_type", "actor_id"]].itertuples(
            index=False, name=None
        )
    )
    present = named[named["stated_role"].isin(TOOK_PART_ROLES)]
    keys = list(present[["meeting_id", "actor_type", "actor_id"]].itertuples(index=False, name=None))
    rows.append(
        _row(
            "actors",
            "took-part recall",
            sum(k in took_part for k in keys),
            len(keys),
            "participants and observers found taking part (role participant or observer)",
        )
    )
    people = actors.extract_people(blocks, gazetteers)
    gold_people = set(
        gold.loc[gold["actor_type"] == "person", ["meeting_id", "actor_id"]].itertuples(index=False, name=None)
    )
    found_people = set(people[["meeting_id", "person_id"]].itertuples(index=False, name=None))
    hits = len(gold_people & found_people)
    rows.append(_row("people", "precision", hits, len(found_people)))
    rows.append(_row("people", "recall", hits, len(gold_people)))
    return rows


def score_theme_agreement(segments, judgements: pd.DataFrame, codebook) -> list[dict]:
    """Precision, recall and raw agreement of the paragraph coding, from ``score_theme_coding``."""
    judged_meetings = set(judgements["segment_id"].str.split(":").str[0])
    codes = themes.code_segments(segments[segments["meeting_id"].isin(judged_meetings)], codebook, unit="paragraph")
    s = themes.score_theme_coding(codes, judgements).set_index("theme_id").loc["all themes"]
    tp, fp, fn, tn = (int(s[c]) for c in ("true_pos", "false_pos", "false_neg", "true_neg"))
    return [
        _row("themes", "precision", tp, tp + fp),
        _row("themes", "recall", tp, tp + fn),
        _row("themes", "agreement", tp + tn, len(judgements), "judgements the coding agrees with"),
    ]


def match_items(items: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """For each gold row, the extracted items (ids, ';'-joined) whose text contains its snippet."""
    texts = {
        m: [(r, _normalise(t)) for r, t in zip(g["recommendation_id"], g["text"])]
        for m, g in items.groupby("meeting_id")
    }
    matched = []
    for row in gold.itertuples(index=False):
        snippet = _normalise(row.item_snippet)
        matched.append(";".join(r for r, t in texts.get(row.meeting_id, []) if snippet in t))
    return gold.assign(matched_ids=matched)


def score_recommendation_extraction(segments, gold: pd.DataFrame, codebook) -> list[dict]:
    """Recall of real items, precision of extracted items and the share that is boilerplate."""
    meeting_ids = set(gold["meeting_id"])
    items = rec.extract_recommendations(segments[segments["meeting_id"].isin(meeting_ids)], codebook)
    items = items[items["kind"] != "challenge"]
    gold = match_items(items, gold.assign(is_item=gold["is_item"].astype(int)))
    real = gold[gold["is_item"] == 1]
    ids_of = lambda frame: {i for ids in frame["matched_ids"] for i in ids.split(";") if i}  # noqa: E731
    real_ids, boiler_ids = ids_of(real), ids_of(gold[gold["is_item"] == 0])
    return [
        _row("recommendations", "precision", len(real_ids & set(items["recommendation_id"])), len(items),
             "extracted items (challenges excluded) that are a gold item"),
        _row("recommendations", "recall", int((real["matched_ids"] != "").sum()), len(real)),
        _row("recommendations", "boilerplate share", len(boiler_ids), len(items),
             "extracted items that are lines marked is_item 0"),
    ]  # fmt: skip


def score_followthrough(
    segments, meetings, gold: pd.DataFrame, codebook, *, similarity: str = "tfidf", min_similarity: float | None = None
) -> list[dict]:
    """Share of gold pairs whose source item is extracted, and of those, verdict agreement."""
    items = rec.extract_recommendations(segments, codebook)
    items = items[items["kind"] != "challenge"]
    traced = rec.trace_followthrough(
        items, segments, meetings, codebook=codebook, similarity=similarity, min_similarity=min_similarity
    )
    verdicts = traced[traced["decides"]].set_index(["recommendation_id", "later_meeting_id"])["verdict"]
    found = agreed = 0
    for pair in gold.itertuples(index=False):
        snippet = _normalise(pair.source_item_snippet)
        ids = [
            r
            for r, m, t in zip(items["recommendation_id"], items["meeting_id"], items["text"])
            if m == pair.source_meeting_id and snippet in _normalise(t)
        ]
        if not ids:
            continue
        found += 1
        got = verdicts.get((ids[0], pair.later_meeting_id), "not_found")
        agreed += got == pair.verdict
    return [
        _row("followthrough", "source item found", found, len(gold)),
        _row("followthrough", "verdict agreement", agreed, found, "pairs whose source item was extracted"),
    ]


def _load(corpus_dir: Path):
    meetings, _ = corpus.split_by_language(corpus.load_manifest(corpus_dir / "meetings.csv", corpus_dir / "raw"))
    segments = corpus.build_segments(meetings, corpus_dir / "raw")
    raw_texts = {m.meeting_id: corpus.read_document(corpus_dir / "raw" / m.source_file) for m in meetings}
    return meetings, segments, raw_texts


def load_corpora(folders) -> tuple[list, pd.DataFrame | None]:
    """Meetings and segments of several corpus folders together; a meeting found twice keeps its first."""
    meetings, parts, known = [], [], set()
    for folder in folders:
        more, segments, _ = _load(Path(folder))
        new = [m for m in more if m.meeting_id not in known]
        known |= {m.meeting_id for m in new}
        meetings += new
        parts.append(segments[segments["meeting_id"].isin({m.meeting_id for m in new})])
    return meetings, (pd.concat(parts, ignore_index=True) if parts else None)


def score_corpus(
    corpus_dir: str | Path,
    gold_dir: str | Path | None = None,
    *,
    reference_dir: str | Path = REPOSITORY_DATA,
    also: tuple[str | Path, ...] | None = None,
) -> pd.DataFrame:
    """Run the current extractors on a corpus and score them against its gold lists.

    Args:
        corpus_dir: folder with meetings.csv and raw/ (and gold/ or validation/).
        gold_dir: the gold lists; by default corpus_dir/gold or corpus_dir/validation.
        reference_dir: where codebook.yml and actors/ (the gazetteers) are read; the repository's data/.
        also: corpora whose meetings may be sources in followthrough_gold.csv; by default
            reference_dir when it is not the corpus itself.

    Returns:
        SCORE_COLUMNS: one row per extractor and metric; value is a share (NaN with nothing to
        divide), n its denominator. A gold list that is absent gives no rows.
    """
    corpus_dir, reference_dir = Path(corpus_dir), Path(reference_dir)
    gold_dir = Path(gold_dir) if gold_dir is not None else find_gold_dir(corpus_dir)
    meetings, segments, raw_texts = _load(corpus_dir)
    known = {m.meeting_id for m in meetings}
    codebook = themes.load_codebook(reference_dir / "codebook.yml")
    rows: list[dict] = []

    def _gold(name: str) -> Path | None:
        path = gold_dir / name
        return path if path.is_file() else None

    if path := _gold("quantities_gold.csv"):
        gold = q.load_quantity_gold(path)
        rows += score_quantity_extraction(segments, raw_texts, gold[gold["meeting_id"].isin(known)])
    if path := _gold("actors_gold.csv"):
        gold = load_actor_gold(path)
        dates = {m.meeting_id: m.start_date for m in meetings}
        rows += score_actor_extraction(
            segments, gold[gold["meeting_id"].isin(known)], actors.load_gazetteers(reference_dir), dates
        )
    if path := _gold("theme_judgements.csv"):
        judgements = themes.select_judgements(themes.load_judgements(path, codebook), sorted(known))
        rows += score_theme_agreement(segments, judgements, codebook)
    if path := _gold("recommendations_gold.csv"):
        gold = _read_gold_csv(path, RECOMMENDATION_GOLD_COLUMNS)
        rows += score_recommendation_extraction(segments, gold[gold["meeting_id"].isin(known)], codebook)
    if path := _gold("followthrough_gold.csv"):
        gold = _read_gold_csv(path, FOLLOWTHROUGH_GOLD_COLUMNS)
        extra = (
            also if also is not None else (() if reference_dir.resolve() == corpus_dir.resolve() else (reference_dir,))
        )
        more, more_segments = load_corpora(extra)
        wanted = [m for m in more if m.meeting_id not in known]
        all_meetings, all_segments = list(meetings) + wanted, [segments]
        if more_segments is not None:
            all_segments.append(more_segments[more_segments["meeting_id"].isin({m.meeting_id for m in wanted})])
        traced = {m.meeting_id for m in all_meetings}
        unknown = sorted(set(gold["source_meeting_id"]) - traced)
        if unknown:
            raise InputError(f"{path}: source meeting(s) {', '.join(unknown)} are in no corpus given (see --also).")
        rows += score_followthrough(pd.concat(all_segments, ignore_index=True), all_meetings, gold, codebook)
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


SCORES_FILE = REPOSITORY_DATA / "validation" / "extractor_scores.csv"
RECORD_COLUMNS = ["corpus", "extractor", "metric", "value", "n", "scored_on"]


def read_recorded_scores(path: Path = SCORES_FILE) -> pd.DataFrame:
    """The recorded scores, as text (the file keeps three decimals)."""
    if not path.is_file():
        raise InputError(f"{path}: no recorded scores. Run `python -m msmeetings.evaluate data --record seeds`.")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _corpus_rank(corpus: str) -> tuple[int, str]:
    """Seeds, then development, then the sealed sets in the order they were written."""
    return ({"seeds": 0, "dev": 1}.get(corpus, 2), corpus)


def _corpus_title(corpus: str) -> str:
    titles = {
        "seeds": "Seeds (rules written from them)",
        "dev": "Development set",
        "sealed": "Sealed set (scored once)",
    }
    if corpus in titles:
        return titles[corpus]
    return f"Sealed set {corpus.removeprefix('sealed-')} (scored once)" if corpus.startswith("sealed") else corpus


def latest_sealed_only(scores: pd.DataFrame) -> pd.DataFrame:
    """The recorded scores the methods chapter shows: seeds, dev and the latest sealed set.

    The sealed sets scored before the latest have been seen since; the per-type breakdown of actors
    (countries, organisations) stays in the appendix table.
    """
    sealed = sorted({c for c in scores["corpus"] if c.startswith("sealed")}, key=_corpus_rank)
    breakdown = scores["metric"].str.startswith(("countries ", "organisations "))
    return scores[~scores["corpus"].isin(sealed[:-1]) & ~breakdown]


def compare_corpora(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per extractor and metric, one column per corpus (seeds, dev, sealed), for the methods chapter.

    Each cell is the score with its denominator ("0.87 (n=71)"); empty where a corpus has no gold.
    """
    corpora = sorted(set(scores["corpus"]), key=_corpus_rank)
    cells = scores.assign(
        cell=[f"{float(v):.2f} (n={n})" if v != "" else f"– (n={n})" for v, n in zip(scores["value"], scores["n"])]
    )
    order = list(dict.fromkeys(zip(cells["extractor"], cells["metric"])))
    table = cells.pivot_table(index=["extractor", "metric"], columns="corpus", values="cell", aggfunc="first")
    table = table.reindex(pd.MultiIndex.from_tuples(order, names=["extractor", "metric"]))[corpora]
    return table.fillna("").rename(columns=_corpus_title).rename_axis(columns=None).reset_index()


def describe_generalisation(scores: pd.DataFrame, *, weakest: int = 4) -> str:
    """Markdown: how the extractors hold up on the latest sealed set against the development set."""
    sealed_sets = sorted({c for c in scores["corpus"] if c.startswith("sealed")}, key=_corpus_rank)
    if not sealed_sets:
        return "No sealed set has been scored yet."
    latest = sealed_sets[-1]
    sealed = scores[(scores["corpus"] == latest) & (scores["value"] != "")].copy()
    sealed["score"] = sealed["value"].astype(float)
    # Boilerplate share is an error rate: lower is better, so it is not ranked with the others.
    rates = sealed[sealed["metric"] != "boilerplate share"]
    at_target = int((rates["score"] >= 0.9).sum())
    low = rates.sort_values(["score", "extractor", "metric"], kind="stable").head(weakest)
    dev = scores[(scores["corpus"] == "dev") & (scores["value"] != "")].set_index(["extractor", "metric"])["value"]
    drops = [
        float(dev[(r.extractor, r.metric)]) - r.score
        for r in rates.itertuples()
        if (r.extractor, r.metric) in dev.index
    ]
    listed = "; ".join(f"{r.extractor} {r.metric} {r.score:.2f} (n={r.n})" for r in low.itertuples())
    text = (
        f"On the latest sealed set ({latest}), {at_target} of {len(rates)} measures reach 0.90. "
        f"The weakest: {listed}. "
    )
    if drops:
        text += (
            f"Against the development set, the scores fall by {sum(drops) / len(drops):.2f} on average: the rules "
            "were partly fitted to the documents they were developed on, and the sealed score is the one to expect "
            "on a new document. "
        )
    return text + "Scores rest on gold lists written by one reader; small denominators (n) are fragile."


def record_scores(table: pd.DataFrame, corpus: str, *, scored_on: str, path: Path = SCORES_FILE) -> None:
    """Keep a corpus's scores in the scores file the methods chapter reports (other corpora's rows stay).

    The sealed set is scored once, after the rules are frozen: its rows are never overwritten, so a
    later change of rules cannot quietly improve the score the report gives.

    Raises:
        InputError: the corpus is the sealed set and its score is already recorded.
    """
    old = read_recorded_scores(path) if path.is_file() else pd.DataFrame(columns=RECORD_COLUMNS)
    if corpus.startswith("sealed") and (old["corpus"] == corpus).any():
        raise InputError(
            f"{path}: the score of the sealed set '{corpus}' is already recorded "
            f"({old.loc[old['corpus'] == corpus, 'scored_on'].iloc[0]}). A sealed set is scored once; write a "
            "new sealed set to measure changed rules."
        )
    new = table.assign(corpus=corpus, scored_on=scored_on)[RECORD_COLUMNS]
    new["value"] = new["value"].map(lambda v: "" if pd.isna(v) else f"{v:.3f}")
    new["n"] = new["n"].astype(int).astype(str)
    merged = pd.concat([old[old["corpus"] != corpus], new], ignore_index=True)
    merged = merged.sort_values("corpus", key=lambda c: c.map(_corpus_rank), kind="stable")
    write_csv(merged, path)


def main(argv: list[str] | None = None) -> int:
    """``python -m msmeetings.evaluate CORPUS_DIR``: print the score table."""
    parser = argparse.ArgumentParser(prog="python -m msmeetings.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("corpus_dir", help="folder with meetings.csv, raw/ and gold/ (or validation/)")
    parser.add_argument("--gold", help="folder of the gold lists (default: CORPUS_DIR/gold or CORPUS_DIR/validation)")
    parser.add_argument("--reference", default=str(REPOSITORY_DATA), help="folder with codebook.yml and actors/")
    parser.add_argument("--also", action="append", help="another corpus holding follow-through source meetings")
    parser.add_argument(
        "--record",
        metavar="NAME",
        help="also keep the scores in data/validation/extractor_scores.csv as corpus NAME (seeds, dev or sealed; "
        "the sealed set's score is recorded once and never overwritten)",
    )
    parser.add_argument("--date", default=None, help="date to record with --record (default: today)")
    args = parser.parse_args(argv)
    try:
        table = score_corpus(
            args.corpus_dir, args.gold, reference_dir=args.reference, also=tuple(args.also) if args.also else None
        )
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    with pd.option_context("display.width", 160, "display.max_colwidth", 70):
        print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    if args.record:
        try:
            record_scores(table, args.record, scored_on=args.date or dt.date.today().isoformat())
        except InputError as exc:
            print(exc, file=sys.stderr)
            return 2
        print(f"recorded as '{args.record}' in {SCORES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
