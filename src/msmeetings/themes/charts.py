"""Charts of the themes chapter: the theme heat map and the co-occurrence triangle."""

from __future__ import annotations

import numpy as np
import pandas as pd

from msmeetings.themes.codebook import Theme
from msmeetings.themes.compare import _ordered_meetings, cooccurrence_matrix


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
    """Axis labels for meetings in date order: id, kind of document and, when given, words of text."""
    frame = meetings if isinstance(meetings, pd.DataFrame) else pd.DataFrame([vars(m) for m in meetings])
    frame = frame.set_index("meeting_id")
    words = units.set_index("meeting_id")["n_words"] if units is not None else None
    labels = []
    for meeting_id in _ordered_meetings(meetings):
        label = f"{meeting_id}\n{frame.loc[meeting_id, 'document_type']}"
        if words is not None and meeting_id in words.index:
            label += f"\n{int(words[meeting_id]):,} words"
        labels.append(label)
    return labels


def plot_theme_heatmap(theme_matrix: pd.DataFrame, meetings, codebook: list[Theme], units: pd.DataFrame | None = None):
    """Heat map of coded passages per 1,000 words, theme x meeting, kind of document in the labels."""
    import matplotlib.pyplot as plt  # heavy: loaded only when a chart is drawn

    wide = pivot_theme_matrix(theme_matrix, meetings, codebook, "per_1000_words").set_index("theme")
    counts = pivot_theme_matrix(theme_matrix, meetings, codebook, "n_segments").set_index("theme")
    values = wide.to_numpy(dtype=float)
    n_counts = counts.to_numpy()
    meeting_labels = meeting_tick_labels(meetings, units)
    # Up to a dozen meetings as columns; beyond that meetings become rows so the chart grows down
    # the page rather than past its width, and cell labels go once cells get too small to read.
    transpose = values.shape[1] > 12
    if transpose:
        values, n_counts = values.T, n_counts.T
        fig, ax = plt.subplots(figsize=(0.42 * values.shape[1] + 5.5, 0.3 * values.shape[0] + 2.6))
    else:
        fig, ax = plt.subplots(figsize=(1.6 * values.shape[1] + 4.2, 0.36 * values.shape[0] + 2.2))
    finite = values[np.isfinite(values)]
    image = ax.imshow(
        np.ma.masked_invalid(values),
        cmap="Blues",
        aspect="auto",
        vmin=0,
        vmax=float(finite.max()) if finite.size and finite.max() > 0 else 1.0,
    )
    top = float(finite.max()) if finite.size else 0.0
    if values.size <= 40 * 20:
        for (row, col), value in np.ndenumerate(values):
            n = n_counts[row, col]
            text = "–" if not np.isfinite(value) else ("0" if n == 0 else f"{value:.1f}")
            ax.text(
                col,
                row,
                text,
                ha="center",
                va="center",
                fontsize=8 if not transpose else 6,
                color="white" if np.isfinite(value) and top and value > 0.6 * top else "#333333",
            )
    if transpose:
        ax.set_yticks(range(values.shape[0]), meeting_labels, fontsize=7)
        ax.set_xticks(range(values.shape[1]), wide.index, fontsize=8, rotation=60, ha="right")
        ax.set_ylabel("Meeting (kind of document, words of text)")
        ax.set_xlabel("Theme")
    else:
        ax.set_xticks(range(values.shape[1]), meeting_labels, fontsize=8)
        ax.set_yticks(range(values.shape[0]), wide.index, fontsize=9)
        ax.set_xlabel("Meeting (kind of document, words of text)")
        ax.set_ylabel("Theme")
    ax.set_title("Themes per meeting: coded passages per 1,000 words")
    ax.spines[:].set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("Coded passages per 1,000 words")
    return fig


def plot_theme_cooccurrence(cooccurrence: pd.DataFrame, codebook: list[Theme]):
    """Lower-triangle heat map of the number of passages coded with both themes of a pair."""
    import matplotlib.pyplot as plt  # heavy: loaded only when a chart is drawn

    square = cooccurrence_matrix(cooccurrence, codebook, "n_both").to_numpy(dtype=float)
    size = len(codebook)
    # Lower triangle without the diagonal: its first row and last column would be empty.
    shown = np.where(np.tril(np.ones((size, size), dtype=bool), k=-1), square, np.nan)[1:, :-1]
    fig, ax = plt.subplots(figsize=(0.42 * size + 4.0, 0.38 * size + 2.0))
    finite = shown[np.isfinite(shown)]
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    image = ax.imshow(np.ma.masked_invalid(shown), cmap="Purples", vmin=0, vmax=top)
    for (row, col), value in np.ndenumerate(shown):
        if np.isfinite(value) and value > 0:
            ax.text(
                col,
                row,
                f"{value:.0f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value > 0.6 * top else "#333333",
            )
    labels = [t.label for t in codebook]
    ax.set_xticks(range(size - 1), labels[:-1], rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(size - 1), labels[1:], fontsize=8)
    ax.set_xlabel("Theme")
    ax.set_ylabel("Theme")
    ax.set_title("Themes coded in the same passage")
    ax.spines[:].set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("Passages coded with both themes")
    return fig
