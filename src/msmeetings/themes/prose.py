"""Prose and reading tables of the themes chapter, computed from the tables."""

from __future__ import annotations

import pandas as pd

from msmeetings.outputs import esc
from msmeetings.themes.charts import _labels
from msmeetings.themes.codebook import Theme
from msmeetings.themes.compare import _ordered_meetings


def _join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _occur(n: int) -> str:
    return "occurs" if n == 1 else "occur"


def describe_theme_coverage(theme_matrix: pd.DataFrame, meetings, codebook: list[Theme]) -> str:
    """Prose: how widely the themes occur, and the highest rates, computed from the theme matrix."""
    labels = _labels(codebook)
    order = _ordered_meetings(meetings)
    present = theme_matrix[theme_matrix["n_segments"] > 0].groupby("theme_id")["meeting_id"].nunique()
    everywhere = [labels[t.id] for t in codebook if present.get(t.id, 0) == len(order)]
    once = [labels[t.id] for t in codebook if present.get(t.id, 0) == 1]
    nowhere = [labels[t.id] for t in codebook if present.get(t.id, 0) == 0]
    parts = [
        f"Of the {len(codebook)} themes, {len(everywhere)} {_occur(len(everywhere))} in all {len(order)} documents"
        + (f" ({esc(_join(everywhere))})" if everywhere else "")
        + "."
    ]
    if once:
        parts.append(f"{len(once)} {_occur(len(once))} in one document only ({esc(_join(once))}).")
    if nowhere:
        parts.append(f"{len(nowhere)} {_occur(len(nowhere))} in none ({esc(_join(nowhere))}).")
    per_meeting = theme_matrix[theme_matrix["n_segments"] > 0].groupby("meeting_id")["theme_id"].nunique()
    breadth = "; ".join(f"{esc(m)} {int(per_meeting.get(m, 0))}" for m in order)
    parts.append(f"Themes found per document, in date order: {breadth}.")
    ranked = theme_matrix.dropna(subset=["per_1000_words"]).sort_values(
        ["per_1000_words", "n_segments", "meeting_id", "theme_id"], ascending=[False, False, True, True]
    )
    if len(ranked) and ranked["per_1000_words"].iloc[0] > 0:
        best = ranked.iloc[0]
        parts.append(
            f"The highest rate is {esc(labels[best['theme_id']])} in {esc(best['meeting_id'])}: "
            f"{best['per_1000_words']:.1f} coded passages per 1,000 words ({int(best['n_segments'])} passages, "
            f"{best['share_pct']:.0f}% of the document's passages)."
        )
    return " ".join(parts)


def describe_theme_emergence(emergence: pd.DataFrame, meetings) -> str:
    """Prose: which themes appear first where, persist, are new in the latest meeting, or fade."""
    order = _ordered_meetings(meetings)
    if not order:
        return "No meetings selected."
    first, latest = order[0], order[-1]
    by_status = {
        s: emergence.loc[emergence["status"] == s, "label"].tolist()
        for s in ("persistent", "new in latest", "faded", "absent")
    }
    in_first = emergence.loc[emergence["first_meeting_id"] == first, "label"].tolist()
    position = {m: i for i, m in enumerate(order)}
    # Unbroken: in every document from its first appearance to the latest (count equals the span).
    unbroken = [
        r.label
        for r in emergence[emergence["status"] == "persistent"].itertuples(index=False)
        if r.first_meeting_id in position and int(r.n_meetings_present) == len(order) - position[r.first_meeting_id]
    ]
    parts = [
        f"{len(in_first)} of {len(emergence)} themes already {_occur(len(in_first))} "
        f"in the earliest document ({esc(first)})."
    ]
    parts.append(
        f"{len(by_status['persistent'])} persist into the latest ({esc(latest)}), "
        f"{len(unbroken)} of them in every document from their first appearance on."
    )
    if by_status["new in latest"]:
        parts.append(f"New in the latest document: {esc(_join(by_status['new in latest']))}.")
    else:
        parts.append("No theme appears for the first time in the latest document.")
    if by_status["faded"]:
        faded = emergence[emergence["status"] == "faded"]
        parts.append(
            "Found earlier but not in the latest document: "
            + esc(_join([f"{r.label} (last in {r.last_meeting_id})" for r in faded.itertuples(index=False)]))
            + "."
        )
    if by_status["absent"]:
        parts.append(f"Not found at all: {esc(_join(by_status['absent']))}.")
    later_first = emergence[(emergence["first_meeting_id"] != first) & (emergence["first_meeting_id"] != "")]
    if len(later_first):
        counts = later_first["first_meeting_id"].value_counts()
        parts.append(
            "First appearances after the earliest document: "
            + "; ".join(f"{esc(m)} {int(counts[m])}" for m in order if m in counts.index)
            + "."
        )
    return " ".join(parts)


def describe_cooccurrence(cooccurrence: pd.DataFrame, codebook: list[Theme], top: int = 5) -> str:
    """Prose: the theme pairs most often coded in the same passage."""
    labels = _labels(codebook)
    pairs = (
        cooccurrence[cooccurrence["n_both"] > 0]
        .sort_values(["n_both", "jaccard", "theme_a", "theme_b"], ascending=[False, False, True, True])
        .head(top)
    )
    if pairs.empty:
        return "No two themes are coded in the same passage."
    listed = [
        f"{labels[r.theme_a]} with {labels[r.theme_b]} ({r.n_both} passages; Jaccard {r.jaccard:.2f})"
        for r in pairs.itertuples(index=False)
    ]
    n_pairs = int((cooccurrence["n_both"] > 0).sum())
    return (
        f"{n_pairs} of {len(cooccurrence)} theme pairs share at least one passage. The most frequent: "
        + esc("; ".join(listed))
        + ". Counts favour frequent themes; the Jaccard index (shared passages "
        "over passages with either theme) corrects for that."
    )


def distinctive_terms_table(distinctive: pd.DataFrame, meetings) -> pd.DataFrame:
    """Wide table: rank down the rows, one column per meeting, cells 'term (count; z)'."""
    order = [m for m in _ordered_meetings(meetings) if m in set(distinctive["meeting_id"])]
    cells = distinctive.assign(
        cell=[f"{r.term} ({r.count}; {r.z_score:.1f})" for r in distinctive.itertuples(index=False)]
    )
    wide = cells.pivot(index="rank", columns="meeting_id", values="cell").reindex(columns=order).fillna("")
    wide.columns.name = None
    return wide.reset_index()


def describe_validation(scores: pd.DataFrame, by: str = "sample") -> str:
    """Prose: overall precision and recall per validation sample, and the weakest themes."""
    overall = scores[scores["theme_id"] == "all themes"].set_index(by)
    parts = []
    for sample in overall.index:
        row = overall.loc[sample]
        name = "all judgements" if sample == "all" else f"the {sample} sample"
        parts.append(
            f"On {name} ({int(row['n_judged'])} judgements, {int(row['n_present'])} positive) the coding reaches "
            f"precision {row['precision']:.2f} and recall {row['recall']:.2f}."
        )
    per_theme = scores[(scores[by] == "all") & (scores["theme_id"] != "all themes")].dropna(subset=["f1"])
    weak = per_theme.sort_values(["f1", "theme_id"]).head(3)
    if len(weak):
        parts.append(
            "Weakest themes over all judgements (F1): "
            + "; ".join(f"{r.theme_id} {r.f1:.2f}" for r in weak.itertuples(index=False))
            + "."
        )
    return " ".join(parts)


def describe_validation_coverage(judgements: pd.DataFrame, meetings) -> str:
    """Prose: which documents of the run have hand judgements (and are scored), and which have none.

    Only judged passages are scored, so a document added without judgements neither raises nor
    lowers the scores; the reader is told which documents the scores rest on.
    """
    order = _ordered_meetings(meetings)
    judged = set(judgements["segment_id"].astype(str).str.split(":").str[0])
    scored = [m for m in order if m in judged]
    unscored = [m for m in order if m not in judged]
    if not scored:
        return "No document of this run has hand judgements, so the coding is not scored here."
    text = (
        f"The scores rest on the {len(scored)} of {len(order)} documents that have hand judgements "
        f"({esc(', '.join(scored))})"
    )
    if unscored:
        return text + f"; {len(unscored)} have none and are not scored ({esc(', '.join(unscored))})."
    return text + "."
