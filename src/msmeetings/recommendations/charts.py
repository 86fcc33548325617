"""Charts of the chapter: the follow-through matrix and the timeline of chains."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from msmeetings import chartkit, palette
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
    ax.set_title(title, fontsize=chartkit.TITLE_PT)
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=chartkit.FONT_PT, transform=ax.transAxes)
    return fig


def _row_label_chars(n_columns: int) -> int:
    """Characters of an item's words a row label can hold beside n_columns of cells at print width."""
    return 44 if n_columns <= 8 else 30


def plot_followthrough_matrix(summary: pd.DataFrame, rows: pd.DataFrame, meeting_ids: list[str]):
    """Items x later meetings, coloured by verdict; R marks a reviewed verdict, grey hatching no later meeting.

    Drawn at the report's chart width with its smallest text (chartkit): rows are labelled by the
    item's words, columns by meeting id set vertically, so 20 later meetings still fit.
    """
    verdict = {
        (r.recommendation_id, r.later_meeting_id): (r.verdict, bool(r.reviewed))
        for r in summary.itertuples(index=False)
    }
    longest_id = max((len(m) for m in meeting_ids), default=0)
    fig, axes = chartkit.new_figure(max(2.6, 0.2 * len(rows) + 0.075 * longest_id + 1.2))
    ax = axes[0, 0]
    if rows.empty or not meeting_ids:
        return _empty_chart(fig, ax, "No item taken up", "No item was taken up in a later meeting of this selection.")
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
                ax.text(
                    j + 0.5, i + 0.5, "R", ha="center", va="center", fontsize=chartkit.FONT_PT, color=colour,
                    fontweight="bold",
                )  # fmt: skip
    ax.set_xlim(0, len(meeting_ids))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks([j + 0.5 for j in range(len(meeting_ids))], meeting_ids, fontsize=chartkit.FONT_PT, rotation=90)
    ax.xaxis.tick_top()
    chars = _row_label_chars(len(meeting_ids))
    ax.set_yticks(
        [i + 0.5 for i in range(len(rows))],
        [short_label(r.text, chars) for r in rows.itertuples(index=False)],
        fontsize=chartkit.FONT_PT,
    )
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    handles = [Patch(facecolor=VERDICT_COLOURS[v], edgecolor="#999999", label=v.replace("_", " ")) for v in VERDICTS]
    handles.append(Patch(facecolor="#F2F2F2", hatch="///", edgecolor="#999999", label="not a later meeting"))
    fig.legend(
        handles=handles, loc="outside lower center", ncol=3, fontsize=chartkit.FONT_PT, frameon=False,
        handlelength=1.5, columnspacing=1.0,
    )  # fmt: skip
    return fig


def matrix_finding(summary: pd.DataFrame, rows: pd.DataFrame, meeting_ids: list[str]) -> str:
    """The matrix's title: the later meeting that takes up most of the items shown, and how."""
    taken_up = summary["verdict"].isin(CUE_VERDICTS)
    shown = summary[summary["recommendation_id"].isin(rows["recommendation_id"]) & taken_up]
    shown = shown[shown["later_meeting_id"].isin(meeting_ids)]
    if shown.empty:
        return "No item is taken up in a later meeting"
    counts = shown.groupby("later_meeting_id").size()
    order = {m: i for i, m in enumerate(meeting_ids)}
    top = sorted(counts.index, key=lambda m: (-counts[m], order[m]))[0]
    done = int(((shown["later_meeting_id"] == top) & (shown["verdict"] == "implemented")).sum())
    return (
        f"{top} takes up {counts[top]} of the {len(rows)} items shown"
        + (f", {done} reported done" if done else ", none reported done")
    )


def plot_chains(chains: pd.DataFrame, meetings, chain_ids: list[str]):
    """A timeline of chains: one line per chain, a marker per meeting, coloured by verdict."""
    from matplotlib.ticker import MaxNLocator

    dates = _meeting_dates(meetings)

    def year(meeting_id: str) -> float:
        """Position of a meeting on the time axis: its year plus the fraction of the year passed."""
        d = dates[meeting_id]
        return d.year + (d.timetuple().tm_yday - 1) / 366

    fig, axes = chartkit.new_figure(max(2.4, 0.24 * len(chain_ids) + 1.4))
    ax = axes[0, 0]
    if not chain_ids:
        return _empty_chart(fig, ax, "No chain", "No chain in this selection of meetings.")
    labels = []
    for i, chain_id in enumerate(chain_ids):
        steps = chains[chains["chain_id"] == chain_id].sort_values("step")
        xs = [year(m) for m in steps["meeting_id"]]
        ax.plot(xs, [i] * len(xs), color="#888888", linewidth=1, zorder=1)
        for step in steps.itertuples(index=False):
            colour = "#000000" if step.step == 0 else VERDICT_COLOURS[step.verdict]
            marker = "s" if step.step == 0 else "o"
            edge = "white" if step.reviewed else "black"
            ax.scatter(
                [year(step.meeting_id)], [i], s=70 if step.reviewed else 40, marker=marker, color=colour,
                edgecolor=edge, linewidth=1.6 if step.reviewed else 0.5, zorder=3,
            )  # fmt: skip
            if step.reviewed:
                ax.scatter([year(step.meeting_id)], [i], s=110, marker=marker, facecolor="none", edgecolor="black",
                           linewidth=0.8, zorder=4)  # fmt: skip
        labels.append(short_label(steps.iloc[0]["text"], 40))
    ax.set_yticks(range(len(chain_ids)), labels, fontsize=chartkit.FONT_PT)
    ax.set_ylim(len(chain_ids) - 0.5, -0.5)
    years = [year(m) for m in dates]
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.tick_params(labelsize=chartkit.FONT_PT)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    handles = [Line2D([], [], marker="s", linestyle="", color="#000000", label="starting item")]
    handles += [
        Line2D([], [], marker="o", linestyle="", markerfacecolor=VERDICT_COLOURS[v], markeredgecolor="black", label=v)
        for v in CUE_VERDICTS
    ]
    handles.append(
        Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="black", markersize=9,
               label="reviewed (ringed)")
    )  # fmt: skip
    fig.legend(handles=handles, loc="outside lower center", ncol=3, fontsize=chartkit.FONT_PT, frameon=False)
    return fig


def chains_finding(chains: pd.DataFrame, meetings, chain_ids: list[str]) -> str:
    """The timeline's title: the longest-running chain shown, by its words, and its span."""
    if not chain_ids:
        return "No item is followed across meetings"
    dates = _meeting_dates(meetings)
    spans = []
    for order, chain_id in enumerate(chain_ids):
        steps = chains[chains["chain_id"] == chain_id].sort_values("step")
        first, last = dates[steps.iloc[0]["meeting_id"]], dates[steps.iloc[-1]["meeting_id"]]
        spans.append((-(last.year - first.year), -(len(steps) - 1), order, steps))
    span, _, _, steps = min(spans, key=lambda t: t[:3])
    return (
        f"“{short_label(steps.iloc[0]['text'], 60)}” ({steps.iloc[0]['meeting_id']}) is taken up over {-span} years, "
        f"in {len(steps) - 1} later meeting{'s' if len(steps) > 2 else ''}"
    )
