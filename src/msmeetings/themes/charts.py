"""Charts of the themes chapter: the theme heat map and the co-occurrence triangle."""

from __future__ import annotations

import numpy as np
import pandas as pd

from msmeetings.themes.codebook import Theme
from msmeetings.themes.compare import _ordered_meetings


def _labels(codebook: list[Theme]) -> dict[str, str]:
    return {t.id: t.label for t in codebook}


def pivot_theme_matrix(
    theme_matrix: pd.DataFrame, meetings, codebook: list[Theme], value: str = "n_segments"
) -> pd.DataFrame:
    """Wide table: one row per theme (codebook order, by label), one column per meeting (date order)."""
    order = _ordered_meetings(meetings)
    wide = theme_matrix.pivot(index="theme_id", columns="meeting_id", values=value)
    wide = wide.reindex(index=[t.id for t in codebook], columns=order)
    wide.index = [_labels(codebook)[i] for i in wide.index]
    wide.index.name = "theme"
    wide.columns.name = None
    return wide.reset_index()


def meeting_tick_labels(meetings, units: pd.DataFrame | None = None) -> list[str]:
    """Axis labels for meetings in date order: id, then kind of document and, when given, words of text."""
    frame = meetings if isinstance(meetings, pd.DataFrame) else pd.DataFrame([vars(m) for m in meetings])
    frame = frame.set_index("meeting_id")
    words = units.set_index("meeting_id")["n_words"] if units is not None else None
    labels = []
    for meeting_id in _ordered_meetings(meetings):
        label = f"{meeting_id}\n{frame.loc[meeting_id, 'document_type']}"
        if words is not None and meeting_id in words.index:
            label += f", {int(words[meeting_id]):,} words"
        labels.append(label)
    return labels


def _meeting_years(meetings) -> dict[str, str]:
    frame = meetings if isinstance(meetings, pd.DataFrame) else pd.DataFrame([vars(m) for m in meetings])
    return {str(r.meeting_id): str(r.start_date)[:4] for r in frame.itertuples(index=False)}


def theme_heatmap_finding(theme_matrix: pd.DataFrame, meetings, codebook: list[Theme]) -> str:
    """The heat map's title: the theme found in the longest unbroken run of documents up to the latest.

    Ties go to the theme with more coded passages, then to codebook order.
    """
    order = _ordered_meetings(meetings)
    if not order or theme_matrix.empty:
        return "No theme is coded in the selected documents"
    counts = pivot_theme_matrix(theme_matrix, meetings, codebook, "n_segments").set_index("theme").fillna(0)
    best = None
    for rank, (label, row) in enumerate(counts.iterrows()):
        present = [float(row[m]) > 0 for m in order]
        run = next((i for i, here in enumerate(reversed(present)) if not here), len(present))
        key = (run, float(row.sum()), -rank)
        if best is None or key > best[0]:
            best = (key, label)
    (run, total, _), label = best
    if total == 0:
        return "No theme is coded in the selected documents"
    if run == len(order) and run > 1:
        in_all = int((counts[order] > 0).all(axis=1).sum())
        others = f", as are {in_all - 1} other theme{'s' if in_all - 1 != 1 else ''}" if in_all > 1 else ""
        return f"{label} is coded in all {len(order)} documents{others}"
    if run >= 2:
        return f"{label} is coded in every document from {_meeting_years(meetings)[order[-run]]} on"
    densest = theme_matrix.sort_values(["per_1000_words", "theme_id"], ascending=[False, True]).iloc[0]
    return f"{_labels(codebook)[densest['theme_id']]} is the most densely coded theme"


def plot_theme_heatmap(theme_matrix: pd.DataFrame, meetings, codebook: list[Theme], units: pd.DataFrame | None = None):
    """Heat map of themes x meetings: shade = coded passages per 1,000 words, number = coded passages.

    Up to ten meetings are columns; with more, meetings become rows so the chart grows down the
    page. Cells carry the passage count (one or two digits), which stays readable in narrow cells
    where a rate with decimals would not.
    """
    from msmeetings import chartkit

    rates = pivot_theme_matrix(theme_matrix, meetings, codebook, "per_1000_words").set_index("theme")
    counts = pivot_theme_matrix(theme_matrix, meetings, codebook, "n_segments").set_index("theme")
    values, n_counts = rates.to_numpy(dtype=float), counts.to_numpy(dtype=float)
    order = _ordered_meetings(meetings)
    transpose = len(order) > 10
    if len(order) <= 6:
        meeting_labels = meeting_tick_labels(meetings, units)
    else:
        meeting_labels = order
    theme_labels = [chartkit.wrap(t, 40) if not transpose else t for t in rates.index]
    if transpose:
        values, n_counts = values.T, n_counts.T
        fig, axes = chartkit.new_figure(0.2 * len(order) + 3.9)
        rows, cols = meeting_labels, theme_labels
    else:
        fig, axes = chartkit.new_figure(0.3 * len(theme_labels) + 1.6)
        rows, cols = theme_labels, meeting_labels
    ax = axes[0, 0]
    cell_text = [
        ["–" if not np.isfinite(v) else f"{n:.0f}" for v, n in zip(vr, nr)] for vr, nr in zip(values, n_counts)
    ]
    finite = values[np.isfinite(values)]
    image = chartkit.draw_count_grid(
        ax, values, rows, cols, cell_text=cell_text, vmax=float(finite.max()) if finite.size and finite.max() else 1.0
    )
    bar = fig.colorbar(image, ax=ax, fraction=0.05, pad=0.02, aspect=30)
    bar.set_label("Coded passages per 1,000 words (shade)", fontsize=chartkit.FONT_PT)
    bar.ax.tick_params(labelsize=chartkit.FONT_PT)
    bar.ax.set_ylim(0, float(finite.max()) if finite.size and finite.max() else 1.0)
    return fig


def cooccurrence_finding(cooccurrence: pd.DataFrame, codebook: list[Theme]) -> str:
    """The co-occurrence chart's title: the pair of themes sharing the most passages."""
    pairs = cooccurrence[cooccurrence["n_both"] > 0] if not cooccurrence.empty else cooccurrence
    if pairs.empty:
        return "No two themes are coded in the same passage"
    top = pairs.sort_values(["n_both", "theme_a", "theme_b"], ascending=[False, True, True]).iloc[0]
    labels = _labels(codebook)
    n = int(top["n_both"])
    return (
        f"{labels.get(top['theme_a'], top['theme_a'])} and {labels.get(top['theme_b'], top['theme_b'])} "
        f"share the most passages ({n} passage{'s' if n != 1 else ''})"
    )


def plot_theme_cooccurrence(cooccurrence: pd.DataFrame, codebook: list[Theme], top_n: int = 12):
    """Ranked bars of the top_n theme pairs by passages coded with both themes."""
    from msmeetings import chartkit

    labels = _labels(codebook)
    pairs = cooccurrence[cooccurrence["n_both"] > 0] if not cooccurrence.empty else cooccurrence
    pairs = pairs.sort_values(["n_both", "theme_a", "theme_b"], ascending=[False, True, True]).head(top_n)
    names = [
        chartkit.wrap(f"{labels.get(r.theme_a, r.theme_a)} + {labels.get(r.theme_b, r.theme_b)}", 40)
        for r in pairs.itertuples()
    ]
    lines = sum(n.count("\n") + 1 for n in names)
    fig, axes = chartkit.new_figure(0.16 * lines + 0.12 * len(names) + 0.8)
    ax = axes[0, 0]
    chartkit.draw_ranked_bars(ax, names, [int(v) for v in pairs["n_both"]])
    ax.set_xlabel("Passages coded with both themes", fontsize=chartkit.FONT_PT)
    return fig
