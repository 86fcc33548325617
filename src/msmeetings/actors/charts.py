"""Charts of chapter 4 and the co-mention network behind one of them."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from itertools import combinations

import numpy as np
import pandas as pd

from msmeetings import palette
from msmeetings.actors.gazetteers import REGION_LABELS, REGIONS, ROLES, TOOK_PART_ROLES, Gazetteers


def actor_labels(gazetteers: Gazetteers, actors: pd.DataFrame | None = None) -> dict[tuple[str, str], str]:
    """Short display names keyed by (actor_type, actor_id)."""
    labels = {("organisation", r.org_id): r.label for r in gazetteers.organisations.itertuples()}
    labels.update({(r.actor_type, r.actor_id): r.name for r in gazetteers.countries.itertuples()})
    if actors is not None:
        people = actors[actors["actor_type"] == "person"]
        labels.update({("person", r.actor_id): r.name_as_written for r in people.itertuples()})
    return labels


def label_node(node: str, labels: Mapping[tuple[str, str], str]) -> str:
    """Display name of a network node "actor_type:actor_id"."""
    kind, _, actor_id = node.partition(":")
    return labels.get((kind, actor_id), actor_id)


def count_comentions(actors: pd.DataFrame) -> pd.DataFrame:
    """Pairs of actors named in the same segment: weight = segments, n_meetings = meetings they share a segment in.

    A national authority and its state share a span; the pair is kept, as a strong tie.
    """
    nodes = actors.assign(node=actors["actor_type"] + ":" + actors["actor_id"])
    counts: dict[tuple[str, str], list] = {}
    for (meeting_id, _), group in nodes.groupby(["meeting_id", "segment_id"], sort=True):
        for a, b in combinations(sorted(set(group["node"])), 2):
            entry = counts.setdefault((a, b), [0, set()])
            entry[0] += 1
            entry[1].add(meeting_id)
    rows = [{"source": a, "target": b, "weight": w, "n_meetings": len(m)} for (a, b), (w, m) in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["source", "target", "weight", "n_meetings"])


def select_network_nodes(edges: pd.DataFrame, top_n: int) -> list[str]:
    """The top_n nodes by weighted degree (ties by name), so the drawing stays readable in print."""
    degree = pd.concat(
        [
            edges[["source", "weight"]].rename(columns={"source": "node"}),
            edges[["target", "weight"]].rename(columns={"target": "node"}),
        ]
    )
    ranked = degree.groupby("node")["weight"].sum().reset_index()
    ranked = ranked.sort_values(["weight", "node"], ascending=[False, True])
    return list(ranked["node"].head(top_n))


def comention_finding(edges: pd.DataFrame, labels: Mapping[tuple[str, str], str]) -> str:
    """The title of the co-mention chart: the two actors named together most often."""
    if edges.empty:
        return "No two actors are named in the same paragraph"
    top = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True]).iloc[0]
    w, m = int(top["weight"]), int(top["n_meetings"])
    return (
        f"{label_node(top['source'], labels)} and {label_node(top['target'], labels)} are named together most often "
        f"({w} paragraph{'s' if w != 1 else ''} in {m} document{'s' if m != 1 else ''})"
    )


def plot_actor_network(edges: pd.DataFrame, labels: Mapping[tuple[str, str], str], top_n: int = 20, n_pairs: int = 15):
    """Ranked bars of the n_pairs strongest co-mentions among the top_n actors by ties.

    A drawn network of twenty actors could not be read in print; ranked pairs say the same thing
    (who is discussed with whom, and how often) in lines of text that never collide.
    """
    from msmeetings import chartkit

    keep = select_network_nodes(edges, top_n)
    sub = edges[edges["source"].isin(keep) & edges["target"].isin(keep)]
    sub = sub.sort_values(["weight", "source", "target"], ascending=[False, True, True]).head(n_pairs)
    names = [
        chartkit.wrap(f"{label_node(r.source, labels)} + {label_node(r.target, labels)}", 40)
        for r in sub.itertuples(index=False)
    ]
    lines = sum(n.count("\n") + 1 for n in names)
    fig, axes = chartkit.new_figure(0.16 * lines + 0.12 * len(names) + 0.8)
    ax = axes[0, 0]
    chartkit.draw_ranked_bars(
        ax,
        names,
        [int(w) for w in sub["weight"]],
        value_text=[f"{int(r.weight)} ({int(r.n_meetings)} doc.)" for r in sub.itertuples(index=False)],
    )
    ax.set_xlabel("Paragraphs naming both actors (documents)", fontsize=chartkit.FONT_PT)
    return fig


# How a region reads after "most of them": a plural noun or a place.
_REGION_PHRASES = {
    "eu_member_state": "EU Member States",
    "western_balkans": "from the Western Balkans",
    "south_partner": "South Partner Countries",
    "west_africa": "from West Africa",
    "other": "from elsewhere",
}


def countries_finding(counts: pd.DataFrame, meeting_ids: list[str]) -> str:
    """The title of the countries chart: the document naming most countries taking part, and their main region."""
    took_part = counts[counts["role"].isin(TOOK_PART_ROLES)]
    per_meeting = took_part.groupby("meeting_id")["n_countries"].sum().reindex(meeting_ids).fillna(0)
    if per_meeting.empty or per_meeting.max() == 0:
        return "No document names a country taking part"
    top = sorted(meeting_ids, key=lambda m: (-int(per_meeting[m]), m))[0]
    here = took_part[took_part["meeting_id"] == top].groupby("region")["n_countries"].sum()
    region = sorted(here.index, key=lambda r: (-int(here[r]), REGIONS.index(r) if r in REGIONS else 99))[0]
    n, k = int(per_meeting[top]), int(here[region])
    them = "all of them" if k == n else f"{k} of them"
    return f"{top} names the most countries taking part ({n}), {them} {_REGION_PHRASES.get(region, region)}"


def plot_countries_by_region(counts: pd.DataFrame, meeting_ids: list[str]):
    """Two heat tables of distinct countries per meeting and region: taking part, and only talked about."""
    from msmeetings import chartkit

    # Observers took part; funders paid without taking part, so they sit with the actors talked about.
    panels = {
        "Taking part": TOOK_PART_ROLES,
        "Only talked about (or funded)": tuple(r for r in ROLES if r not in TOOK_PART_ROLES),
    }
    region_labels = [chartkit.wrap(REGION_LABELS[r], 14) for r in REGIONS]
    fig, axes = chartkit.new_figure(0.24 * len(meeting_ids) + 1.6, ncols=2, sharey=True)
    tables = {}
    for title, roles in panels.items():
        here = counts[counts["role"].isin(roles)].groupby(["meeting_id", "region"])["n_countries"].sum()
        tables[title] = np.array([[float(here.get((m, r), 0)) for r in REGIONS] for m in meeting_ids], dtype=float)
    top = max([1.0, *(float(t.max()) for t in tables.values() if t.size)])
    for ax, (title, table) in zip(axes[0], tables.items()):
        chartkit.draw_count_grid(ax, table, meeting_ids, region_labels, vmax=top)
        ax.set_title(title, fontsize=chartkit.TITLE_PT)
    axes[0, 1].tick_params(labelleft=False)
    return fig


def select_timeline_organisations(matrix: pd.DataFrame, meeting_ids: list[str], top_n: int) -> pd.DataFrame:
    """The top_n rows of an organisation matrix: most meetings first, then took part, then mentions.

    The selected rows keep the matrix's order (first appearance), so the chart reads in time.
    """
    present = matrix[meeting_ids].ne("").sum(axis=1)
    took_part = matrix[meeting_ids].isin(TOOK_PART_ROLES).any(axis=1)
    ranked = matrix.assign(_present=present, _took_part=took_part).sort_values(
        ["_present", "_took_part", "n_mentions", "org_id"], ascending=[False, False, False, True], kind="stable"
    )
    keep = set(ranked["org_id"].head(top_n))
    return matrix[matrix["org_id"].isin(keep)].reset_index(drop=True)


def organisations_finding(matrix: pd.DataFrame, meeting_ids: list[str]) -> str:
    """The title of the organisation chart: the bodies named in every document, else the most widely named."""
    if matrix.empty or not meeting_ids:
        return "No organisation is named"
    present = matrix[meeting_ids].ne("").sum(axis=1)
    in_all = matrix.loc[present == len(meeting_ids), "label"].tolist()
    if in_all and len(meeting_ids) > 1:
        names = in_all[0] if len(in_all) == 1 else ", ".join(in_all[:-1]) + " and " + in_all[-1]
        if len(in_all) > 4:
            names = f"{len(in_all)} organisations"
        verb = "is" if len(in_all) == 1 else "are"
        return f"{names} {verb} named in all {len(meeting_ids)} documents"
    ranked = matrix.assign(_n=present).sort_values(["_n", "n_mentions", "org_id"], ascending=[False, False, True])
    top = ranked.iloc[0]
    return f"{top['label']} is named in {int(top['_n'])} of {len(meeting_ids)} documents, more than any other body"


def plot_organisation_timeline(matrix: pd.DataFrame, meeting_ids: list[str]):
    """Dot chart of organisations x meetings: filled = took part, hollow = only talked about.

    Every organisation takes the palette's organisation colour; its kind is not coded in colour, so
    a colour means the same in every chart of the report.
    """
    from msmeetings import chartkit

    colour = palette.actor_colour("organisation")
    fig, axes = chartkit.new_figure(0.2 * len(matrix) + 0.09 * max([len(m) for m in meeting_ids] or [1]) + 0.9)
    ax = axes[0, 0]
    for y, row in enumerate(matrix.to_dict("records")):
        for x, meeting_id in enumerate(meeting_ids):
            role = row[meeting_id]
            if not role:
                continue
            filled = role in TOOK_PART_ROLES
            ax.scatter([x], [y], s=34, color=colour if filled else "white", edgecolor=colour, linewidth=1.3, zorder=3)
    labels = [textwrap.shorten(label, width=34, placeholder="…") for label in matrix["label"]]
    ax.set_yticks(range(len(matrix)), labels)
    ax.set_xticks(range(len(meeting_ids)), meeting_ids, rotation=90)
    ax.set_ylim(len(matrix) - 0.5, -0.5)
    ax.set_xlim(-0.5, len(meeting_ids) - 0.5)
    ax.grid(color=palette.GRID, zorder=0)
    chartkit.style_axes(ax)
    ax.scatter([], [], s=34, color=colour, edgecolor=colour, label="took part")
    ax.scatter([], [], s=34, color="white", edgecolor=colour, linewidth=1.3, label="only talked about or funded")
    fig.legend(loc="outside lower center", ncol=2, fontsize=chartkit.FONT_PT, frameon=False)
    return fig
