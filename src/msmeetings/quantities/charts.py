"""Charts of the key-figures chapter."""

from __future__ import annotations

import math

import pandas as pd

from msmeetings.outputs import PALETTE
from msmeetings.quantities.rules import (
    REPORTING_BODIES,
)


def plot_figures_over_time(chart: pd.DataFrame):
    """Plot figures over time by reporting body on a log scale, each point labelled with what it counts.

    Args:
        chart: The output of ``select_chart_figures``.

    Returns:
        A matplotlib Figure.
    """
    import matplotlib.pyplot as plt  # heavy; only the chapter's notebook draws

    fig, ax = plt.subplots(figsize=(11, 6.5))
    colours = {body: PALETTE[i % len(PALETTE)] for i, body in enumerate(REPORTING_BODIES)}
    markers = {"Eurojust": "o", "Europol": "s", "Frontex": "^", "national authorities": "D", "other": "v"}
    for body in REPORTING_BODIES:
        part = chart[chart["body"] == body]
        for stated in (True, False):
            sub = part[part["period_stated"] == stated]
            if sub.empty:
                continue
            ax.scatter(
                sub["year"],
                sub["value"],
                s=55,
                marker=markers[body],
                facecolors=colours[body] if stated else "white",
                edgecolors=colours[body],
                linewidths=1.5,
                label=body + ("" if stated else " (period not stated: meeting year)"),
                zorder=3,
            )
    # Labels of one year are pushed apart vertically (in decades of the log scale) so none overlap;
    # the gap is a fixed share of the axis height, which spans max*4 down to min/2.
    span = math.log10(8 * chart["value"].max() / max(chart["value"].min(), 1e-9)) if not chart.empty else 1.0
    gap = 0.035 * span
    for _, group in chart.groupby("year", sort=True):
        placed = -math.inf
        for row in group.sort_values(["value", "quantity_id"]).itertuples(index=False):
            target = math.log10(max(row.value, 1e-9))
            y = max(target, placed + gap)
            placed = y
            label = row.label if len(row.label) <= 45 else row.label[:44] + "…"
            leader = {"arrowstyle": "-", "linewidth": 0.4, "color": "grey"} if y - target > 0.02 else None
            ax.annotate(
                label,
                (row.year, row.value),
                xytext=(row.year + 0.15, 10**y),
                textcoords="data",
                fontsize=7.5,
                va="center",
                arrowprops=leader,
            )
    ax.set_yscale("log")
    ax.set_xlabel("Year the figure refers to (hollow markers: year of the meeting, the text states no period)")
    ax.set_ylabel("Number reported (log scale)")
    ax.set_title("Operational figures reported at the meetings, by reporting body")
    if not chart.empty:
        low, high = int(chart["year"].min()), int(chart["year"].max())
        ax.set_xlim(low - 0.5, high + 2)
        ax.set_xticks(range(low, high + 1))
        ax.set_ylim(max(0.5, chart["value"].min() / 2), chart["value"].max() * 4)
    ax.grid(axis="y", linewidth=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def plot_category_matrix(matrix: pd.DataFrame):
    """Draw the categories x meetings matrix as a heat map with the count in each cell."""
    import matplotlib.pyplot as plt  # heavy; only the chapter's notebook draws

    fig, ax = plt.subplots(figsize=(1.6 * max(3, matrix.shape[1]) + 3, 0.5 * matrix.shape[0] + 1.5))
    values = matrix.to_numpy()
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=max(1, values.max()))
    ax.set_xticks(range(matrix.shape[1]), labels=list(matrix.columns), rotation=30, ha="right")
    ax.set_yticks(range(matrix.shape[0]), labels=list(matrix.index))
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(
                j,
                i,
                str(values[i, j]),
                ha="center",
                va="center",
                fontsize=9,
                color="white" if values[i, j] > values.max() / 2 else "black",
            )
    ax.set_xlabel("Meeting")
    ax.set_ylabel("Category of figure")
    ax.set_title("What each meeting counts: figures per category")
    fig.colorbar(image, ax=ax, label="Figures stated")
    ax.spines[:].set_visible(False)
    return fig
