"""Charts of chapter 4 and the co-mention network behind one of them."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from itertools import combinations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from msmeetings.actors.gazetteers import ORG_TYPES, REGION_LABELS, REGIONS, ROLES, TOOK_PART_ROLES, Gazetteers
from msmeetings.outputs import PALETTE


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


_TYPE_ORDER = {"organisation": 0, "group": 1, "country": 2, "person": 3}


def plot_actor_network(edges: pd.DataFrame, labels: Mapping[tuple[str, str], str], top_n: int = 20):
    """Draw the co-mention network of the top_n actors on a circle, grouped by kind of actor.

    Edge width grows with the number of shared segments; node size with weighted degree.
    """
    keep = select_network_nodes(edges, top_n)
    sub = edges[edges["source"].isin(keep) & edges["target"].isin(keep)]
    degree = {n: float(sub.loc[(sub["source"] == n) | (sub["target"] == n), "weight"].sum()) for n in keep}
    nodes = sorted(keep, key=lambda n: (_TYPE_ORDER.get(n.split(":", 1)[0], 9), -degree[n], n))
    angle = {n: np.pi / 2 - 2 * np.pi * i / max(1, len(nodes)) for i, n in enumerate(nodes)}
    pos = {n: (np.cos(a), np.sin(a)) for n, a in angle.items()}
    colour = {t: PALETTE[i] for t, i in _TYPE_ORDER.items()}

    fig, ax = plt.subplots(figsize=(8, 8))
    top_weight = max(1.0, float(sub["weight"].max()) if len(sub) else 1.0)
    for r in sub.sort_values(["weight", "source", "target"]).itertuples(index=False):
        (x1, y1), (x2, y2) = pos[r.source], pos[r.target]
        ax.plot(
            [x1, x2],
            [y1, y2],
            color="#555555",
            alpha=0.15 + 0.6 * r.weight / top_weight,
            linewidth=0.5 + 4.5 * r.weight / top_weight,
            zorder=1,
        )
    top_degree = max([1.0, *degree.values()])
    for n in nodes:
        kind, actor_id = n.split(":", 1)
        x, y = pos[n]
        ax.scatter(
            [x],
            [y],
            s=80 + 700 * degree[n] / top_degree,
            color=colour.get(kind, "#999999"),
            edgecolor="black",
            linewidth=0.6,
            zorder=3,
        )
        # Horizontal labels read best in print; they sit outside the circle, away from the centre.
        cos, sin = np.cos(angle[n]), np.sin(angle[n])
        ha = "center" if abs(cos) < 0.2 else ("left" if cos > 0 else "right")
        va = "bottom" if sin > 0.5 else ("top" if sin < -0.5 else "center")
        label = textwrap.fill(label_node(n, labels), width=22)
        ax.text(1.14 * cos, 1.14 * sin, label, ha=ha, va=va, fontsize=9)
    for kind in sorted({n.split(":", 1)[0] for n in nodes}, key=lambda k: _TYPE_ORDER.get(k, 9)):
        ax.scatter([], [], s=80, color=colour.get(kind, "#999999"), edgecolor="black", linewidth=0.6, label=kind)
    ax.legend(title="Kind of actor", loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, frameon=False, fontsize=9)
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"Actors named in the same paragraph (top {len(nodes)} by ties)", pad=12)
    return fig


def plot_countries_by_region(counts: pd.DataFrame, meeting_ids: list[str]):
    """Two panels of stacked bars: distinct countries per meeting by region, participants and subjects."""
    # Side by side while the labels fit; with many meetings the panels stack and widen instead.
    many = len(meeting_ids) > 8
    if many:
        fig, axes = plt.subplots(2, 1, figsize=(max(10, 0.4 * len(meeting_ids) + 2), 8.5), sharex=True, sharey=True)
    else:
        fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True)
    x = np.arange(len(meeting_ids))
    # Observers took part; funders paid without taking part, so they sit with the actors talked about.
    panels = {"participant": TOOK_PART_ROLES, "subject": tuple(r for r in ROLES if r not in TOOK_PART_ROLES)}
    for ax, (role, roles) in zip(axes, panels.items()):
        bottom = np.zeros(len(meeting_ids))
        for i, region in enumerate(REGIONS):
            here = counts[counts["role"].isin(roles) & (counts["region"] == region)]
            values = np.array(
                [here.loc[here["meeting_id"] == m, "n_countries"].sum() for m in meeting_ids], dtype=float
            )
            ax.bar(
                x,
                values,
                bottom=bottom,
                color=PALETTE[i],
                edgecolor="white",
                linewidth=0.5,
                label=REGION_LABELS[region],
            )
            bottom += values
        for xi, total in zip(x, bottom):
            ax.annotate(
                f"{int(total)}", (xi, total), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=8
            )
        ax.set_xticks(x, meeting_ids, rotation=45 if many else 30, ha="right", fontsize=8)
        ax.set_title("Taking part" if role == "participant" else "Only talked about (or funded)")
        if not (many and ax is axes[0]):
            ax.set_xlabel("Meeting")
        ax.set_ylabel("Distinct countries named")
    axes[0].yaxis.set_major_locator(MaxNLocator(integer=True))
    axes[1].legend(
        title="Region at the time",
        fontsize=8,
        title_fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
    )
    fig.suptitle("Countries each document names, by region")
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


def plot_organisation_timeline(matrix: pd.DataFrame, meeting_ids: list[str]):
    """Dot chart of organisations x meetings: filled = took part, hollow = only talked about."""
    height = max(3.0, 0.3 * len(matrix) + 1.6)
    fig, ax = plt.subplots(figsize=(max(8, 0.35 * len(meeting_ids) + 5), height))
    types = [t for t in ORG_TYPES if t in set(matrix["org_type"])]
    colour = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(types)}
    for y, row in enumerate(matrix.to_dict("records")):
        for x, meeting_id in enumerate(meeting_ids):
            role = row[meeting_id]
            if not role:
                continue
            filled = role in TOOK_PART_ROLES
            ax.scatter(
                [x],
                [y],
                s=70,
                marker="o",
                color=colour[row["org_type"]] if filled else "white",
                edgecolor=colour[row["org_type"]],
                linewidth=1.5,
                zorder=3,
            )
    labels = [textwrap.shorten(label, width=40, placeholder="…") for label in matrix["label"]]
    ax.set_yticks(range(len(matrix)), labels, fontsize=8)
    ax.set_xticks(
        range(len(meeting_ids)), meeting_ids, rotation=45 if len(meeting_ids) > 8 else 30, ha="right", fontsize=8
    )
    ax.set_ylim(len(matrix) - 0.5, -0.5)
    ax.set_xlim(-0.5, len(meeting_ids) - 0.5)
    ax.grid(color="#eeeeee", zorder=0)
    ax.set_xlabel("Meeting")
    ax.set_ylabel("Organisation")
    for t in types:
        ax.scatter([], [], s=70, color=colour[t], edgecolor=colour[t], label=t)
    ax.scatter([], [], s=70, color="white", edgecolor="black", linewidth=1.5, label="hollow: only talked about")
    ax.legend(
        title="Kind of body (filled: took part)",
        fontsize=8,
        title_fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
    )
    ax.set_title("Which organisations appear in which meeting")
    return fig
