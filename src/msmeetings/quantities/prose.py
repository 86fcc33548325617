"""Prose computed from the tables of the key-figures chapter."""

from __future__ import annotations

import math

import pandas as pd

from msmeetings.outputs import esc


def describe_comparability(table: pd.DataFrame) -> str:
    """Return Markdown prose that states, from the comparability table, what can be compared."""
    if table.empty:
        return "No two figures in the selected documents count the same thing, so none can be compared."
    same = table[table["verdict"] == "same thing"]
    alike = table[table["verdict"] == "only look alike"]
    parts = [
        f"Of {len(table)} groups of figures a reader might compare, {len(same)} "
        f"{'counts' if len(same) == 1 else 'count'} the same thing in the same way and {len(alike)} only "
        f"{'looks' if len(alike) == 1 else 'look'} alike."
    ]
    for row in alike.itertuples(index=False):
        parts.append(
            f"**{esc(row.comparison)}** ({row.n_figures} figures from {esc(row.meetings)}): {esc(row.reason)}."
        )
    for row in same.itertuples(index=False):
        parts.append(
            f"**{esc(row.comparison)}** ({row.n_figures} figures from {esc(row.meetings)}) can be compared: "
            f"{esc(row.reason)}."
        )
    return " ".join(parts)


# --- prose computed from the tables -------------------------------------------------------


def describe_figure_counts(quantities: pd.DataFrame, segments: pd.DataFrame, meeting_ids: list[str]) -> str:
    """Return Markdown saying how many figures each document states, absolute and per 1,000 words."""
    per_meeting = quantities.groupby("meeting_id").size().reindex(meeting_ids, fill_value=0)
    sentences = segments[segments["kind"] == "sentence"]
    words = pd.to_numeric(sentences["n_words"], errors="coerce").fillna(0).groupby(sentences["meeting_id"]).sum()
    words = words.reindex(meeting_ids, fill_value=0).clip(lower=1)
    silent = [m for m in meeting_ids if per_meeting[m] == 0]
    n_docs = len(meeting_ids)
    text = (
        f"The {n_docs} {'document states' if n_docs == 1 else 'documents state'} **{len(quantities)} "
        f"figure{'' if len(quantities) == 1 else 's'}** in all: "
        + ", ".join(
            f"{esc(m)} {per_meeting[m]} ({per_meeting[m] / words[m] * 1000:.1f} per 1,000 words)" for m in meeting_ids
        )
        + ". "
    )
    if silent:
        text += f"{', '.join(esc(m) for m in silent)} {'states' if len(silent) == 1 else 'state'} no figure at all. "
    return text + (
        "Figures per 1,000 words correct for length, not for genre: an outcome report records what speakers "
        "presented, a press release announces, a recommendation statement recommends."
    )


def describe_category_matrix(matrix: pd.DataFrame) -> str:
    """Return Markdown saying which categories each meeting reports and which all of them share."""
    present = {m: [c for c in matrix.index if matrix.loc[c, m] > 0] for m in matrix.columns}
    parts = [
        f"**{esc(m)}** reports {len(cs)} of {len(matrix.index)} categories"
        + (f" ({esc(', '.join(cs))})." if cs else ".")
        for m, cs in present.items()
    ]
    reporting = [m for m, cs in present.items() if cs]
    if len(reporting) >= 2:
        shared = [c for c in matrix.index if all(matrix.loc[c, m] > 0 for m in reporting)]
        parts.append(
            f"Only {esc(', '.join(shared))} {'is' if len(shared) == 1 else 'are'} reported by every document that "
            "reports figures."
            if shared
            else "No category is reported by every document that reports figures."
        )
    return " ".join(parts)


def describe_validation(scores: pd.DataFrame, min_score: float, not_scored: list[str] | None = None) -> str:
    """Return Markdown stating which meetings were scored, overall precision and recall, and the target.

    Args:
        scores: The output of ``score_quantities`` (only meetings that have gold).
        min_score: The precision and recall the extractor must reach.
        not_scored: Selected meetings the gold list does not cover (``meetings_without_gold``).
    """
    not_scored = list(not_scored or [])
    scored = [m for m in scores["meeting_id"] if m != "all"]
    coverage = (
        f"The gold list covers {len(scored)} of the {len(scored) + len(not_scored)} selected documents "
        f"({esc(', '.join(scored)) or 'none'}); "
        + (
            f"{esc(', '.join(not_scored))} {'has' if len(not_scored) == 1 else 'have'} no gold and "
            f"{'is' if len(not_scored) == 1 else 'are'} not scored. "
            if not_scored
            else "every selected document is scored. "
        )
    )
    overall = scores.set_index("meeting_id").loc["all"]
    if overall["n_gold"] == 0 and overall["n_extracted"] == 0:
        return coverage + (
            "There is nothing to validate: neither the gold list nor the extractor has a figure for the "
            "scored documents."
        )
    precision, recall = overall["precision"], overall["recall"]
    met = precision >= min_score and recall >= min_score  # NaN compares False: not met
    agreement = overall["qualifier_agreement"]
    return coverage + (
        f"Over the scored documents, precision is **{precision:.2f}** and recall **{recall:.2f}** "
        f"({int(overall['n_matched'])} of {int(overall['n_gold'])} gold figures found, "
        f"{int(overall['n_extracted'])} extracted); the target of {min_score:.2f} for both is "
        f"{'met' if met else '**not met**'}."
        + (f" Qualifiers agree for {agreement:.0%} of matched figures." if not math.isnan(agreement) else "")
    )


def describe_chart_cap(chart) -> str:
    """A caption sentence when the chart shows only the largest of more figures ('' otherwise)."""
    total = chart.attrs.get("n_candidates", len(chart))
    if total <= len(chart):
        return ""
    return f" The chart shows the {len(chart)} largest of {total} such figures; the table above lists them all."
