"""Charts of the chapter: the follow-through matrix and the timeline of chains."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from msmeetings import palette
from msmeetings.recommendations.followthrough import _meeting_dates
from msmeetings.recommendations.rules import CUE_VERDICTS, VERDICTS

# Verdicts take the report-wide shades (strongest evidence darkest), never a hue another chart uses.
VERDICT_COLOURS = dict(palette.VERDICTS)


def short_label(text: str, width: int = 60) -> str:
    """Shorten a text to one line for a chart label."""
    return textwrap.shorten(" ".join(str(text).split()), width=width, placeholder="…")


def select_matrix_rows(summary: pd.DataFrame, recommendations: pd.DataFrame, *, max_rows: int = 40) -> pd.DataFrame:
    """Items to show in the matrix: those with a cue verdict in some later meeting, strongest evidence first.

    Challenges are left to the table of recurring challenges. When more than max_rows qualify,
    items with more cue verdicts, then reviewed ones, then higher similarity, are kept.
    """
    items = recommendations[recommendations["kind"] != "challenge"]
    cue = summary[summary["verdict"].isin(CUE_VERDICTS) & summary["recommendation_id"].isin(items["recommendation_id"])]
    stats = cue.groupby("recommendation_id").agg(
        n=("verdict", "size"), reviewed=("reviewed", "max"), best=("similarity", "max")
    )
    position = {r: i for i, r in enumerate(recommendations["recommendation_id"])}
    stats["order"] = stats.index.map(position)
    stats = stats.sort_values(
        ["n", "reviewed", "best", "order"], ascending=[False, False, False, True], kind="mergesort"
    )
    keep = stats.head(max_rows).sort_values("order", kind="mergesort").index
    return recommendations.set_index("recommendation_id").loc[keep].reset_index()


def select_chains(chains: pd.DataFrame, *, min_links: int = 2, max_chains: int = 25) -> list[str]:
    """Chains worth a line in the timeline: at least min_links links, or a link a researcher reviewed.

    When more qualify, chains with more links, then reviewed ones, come first; the result keeps
    the order of the chains table (document order of the starting items).
    """
    links = chains[chains["step"] > 0]
    stats = links.groupby("chain_id", sort=False).agg(n=("step", "size"), reviewed=("reviewed", "max"))
    stats = stats[(stats["n"] >= min_links) | stats["reviewed"]]
    order = {c: i for i, c in enumerate(dict.fromkeys(chains["chain_id"]))}
    stats["order"] = stats.index.map(order)
    stats = stats.sort_values(["n", "reviewed", "order"], ascending=[False, False, True], kind="mergesort").head(
        max_chains
    )
    return stats.sort_values("order", kind="mergesort").index.tolist()


def _empty_chart(fig, ax, title: str, message: str):
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=10, transform=ax.transAxes)
    return fig


def plot_followthrough_matrix(summary: pd.DataFrame, rows: pd.DataFrame, meeting_ids: list[str]):
    """Items x later meetings, coloured by verdict; R marks a reviewed verdict, grey hatching no later meeting."""
    verdict = {
        (r.recommendation_id, r.later_meeting_id): (r.verdict, bool(r.reviewed))
        for r in summary.itertuples(index=False)
    }
    height = max(3.0, 0.26 * len(rows) + 1.8)
    fig, ax = plt.subplots(figsize=(9, height))
    if rows.empty or not meeting_ids:
        return _empty_chart(
            fig,
            ax,
            "What later meetings made of each item",
            "No item was taken up in a later meeting of this selection.",
        )
    for i, rec in enumerate(rows.itertuples(index=False)):
        for j, meeting_id in enumerate(meeting_ids):
            cell = verdict.get((rec.recommendation_id, meeting_id))
            if cell is None:
                ax.add_patch(
                    Rectangle((j, i), 1, 1, facecolor="#F2F2F2", edgecolor="white", hatch="///", linewidth=0.5)
                )
                continue
            ax.add_patch(
                Rectangle((j, i), 1, 1, facecolor=VERDICT_COLOURS[cell[0]], edgecolor="#999999", linewidth=0.5)
            )
            if cell[1]:
                colour = palette.text_colour_on(VERDICT_COLOURS[cell[0]])
                ax.text(j + 0.5, i + 0.5, "R", ha="center", va="center", fontsize=7, color=colour, fontweight="bold")
    ax.set_xlim(0, len(meeting_ids))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks([j + 0.5 for j in range(len(meeting_ids))], meeting_ids, fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(
        [i + 0.5 for i in range(len(rows))],
        [f"{r.recommendation_id}  {short_label(r.text, 52)}" for r in rows.itertuples(index=False)],
        fontsize=7,
    )
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("Later meeting", labelpad=8)
    ax.set_ylabel("Recommendation, conclusion or proposal")
    ax.set_title("What later meetings made of each item", pad=12)
    handles = [Patch(facecolor=VERDICT_COLOURS[v], edgecolor="#999999", label=v.replace("_", " ")) for v in VERDICTS]
    handles.append(Patch(facecolor="#F2F2F2", hatch="///", edgecolor="#999999", label="not a later meeting"))
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncol=6,
        fontsize=8,
        frameon=False,
        handlelength=1.5,
        columnspacing=1.2,
    )
    return fig


def plot_chains(chains: pd.DataFrame, meetings, chain_ids: list[str]):
    """A timeline of chains: one line per chain, a marker per meeting, coloured by verdict."""
    dates = _meeting_dates(meetings)

    def year(meeting_id: str) -> float:
        """Position of a meeting on the time axis: its year plus the fraction of the year passed."""
        d = dates[meeting_id]
        return d.year + (d.timetuple().tm_yday - 1) / 366

    height = max(2.8, 0.42 * len(chain_ids) + 1.6)
    fig, ax = plt.subplots(figsize=(9, height))
    if not chain_ids:
        return _empty_chart(
            fig, ax, "Chains of follow-through across meetings", "No chain in this selection of meetings."
        )
    labels = []
    for i, chain_id in enumerate(chain_ids):
        steps = chains[chains["chain_id"] == chain_id].sort_values("step")
        xs = [year(m) for m in steps["meeting_id"]]
        ax.plot(xs, [i] * len(xs), color="#888888", linewidth=1, zorder=1)
        for step in steps.itertuples(index=False):
            colour = "#000000" if step.step == 0 else VERDICT_COLOURS[step.verdict]
            marker = "s" if step.step == 0 else "o"
            ax.scatter(
                [year(step.meeting_id)],
                [i],
                s=60,
                marker=marker,
                color=colour,
                edgecolor="black",
                linewidth=0.5,
                zorder=3,
            )
            if step.reviewed:
                ax.annotate(
                    "R", (year(step.meeting_id), i), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=7
                )
        start = steps.iloc[0]
        labels.append(f"{chain_id}  {short_label(start['text'], 48)}")
    ax.set_yticks(range(len(chain_ids)), labels, fontsize=7)
    ax.set_ylim(len(chain_ids) - 0.5, -0.7)
    years = [year(m) for m in dates]
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.set_xticks(sorted({int(y) for y in years}))
    ax.set_xlabel("Year of meeting")
    ax.set_ylabel("Chain (starting item)")
    ax.set_title("Chains of follow-through across meetings", pad=26)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    handles = [Line2D([], [], marker="s", linestyle="", color="#000000", label="starting item")]
    handles += [
        Line2D([], [], marker="o", linestyle="", markerfacecolor=VERDICT_COLOURS[v], markeredgecolor="black", label=v)
        for v in CUE_VERDICTS
    ]
    handles.append(Line2D([], [], marker="$R$", linestyle="", color="black", label="reviewed"))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=5, fontsize=8, frameon=False)
    return fig
