"""Cross-cutting findings computed from the processed tables: the executive summary and synthesis.

Every finding is built from the tables of the chapters, so a run on another corpus, another
subset of meetings or other parameters gives a different but still true summary. A finding whose
tables are missing or empty is left out rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from msmeetings.outputs import cite, esc

EU = "eu_member_state"


@dataclass
class Finding:
    """One sentence of the executive summary, with the segments that support it."""

    key: str
    text: str
    sources: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        """The finding with its citations."""
        links = ", ".join(cite(s) for s in self.sources)
        return self.text + (f" ({links})" if links else "")


def _num(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame


def _has(tables: dict, name: str, columns: tuple[str, ...]) -> bool:
    frame = tables.get(name)
    return frame is not None and len(frame) > 0 and all(c in frame.columns for c in columns)


def order_meetings(overview: pd.DataFrame, manifest: pd.DataFrame) -> list[str]:
    """Meeting ids in time order (manifest order is by start date)."""
    ids = list(manifest["meeting_id"])
    return [m for m in ids if m in set(overview["meeting_id"])]


def theme_trends(theme_matrix: pd.DataFrame, labels: dict[str, str], meeting_ids: list[str]) -> pd.DataFrame:
    """Per theme: where it first appears, in how many meetings, its rate early and late, and the trend.

    Early and late are the first and second half of the meetings in time order (the middle meeting,
    if any, counts in neither), so one short document does not decide a trend alone.
    """
    matrix = _num(theme_matrix, "n_segments", "per_1000_words")
    matrix = matrix[matrix["meeting_id"].isin(meeting_ids)]
    half = len(meeting_ids) // 2
    early, late = meeting_ids[:half], meeting_ids[len(meeting_ids) - half :]
    rows = []
    for theme_id, group in matrix.groupby("theme_id", sort=True):
        present = [m for m in meeting_ids if group.loc[group["meeting_id"] == m, "n_segments"].sum() > 0]
        rate = group.set_index("meeting_id")["per_1000_words"]
        early_rate = float(rate.reindex(early).mean()) if early else float("nan")
        late_rate = float(rate.reindex(late).mean()) if late else float("nan")
        if not present:
            trend = "not found"
        elif len(meeting_ids) < 2:
            trend = "one meeting only"
        elif early_rate == 0 and late_rate > 0:
            trend = "new"
        elif late_rate == 0 and early_rate > 0:
            trend = "faded"
        elif late_rate >= 1.5 * early_rate:
            trend = "rose"
        elif late_rate <= early_rate / 1.5:
            trend = "fell"
        else:
            trend = "steady"
        rows.append(
            {
                "theme_id": theme_id,
                "theme": labels.get(theme_id, theme_id),
                "first_meeting": present[0] if present else "",
                "n_meetings": len(present),
                "early_per_1000_words": round(early_rate, 2),
                "late_per_1000_words": round(late_rate, 2),
                "trend": trend,
            }
        )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    table["change"] = table["late_per_1000_words"] - table["early_per_1000_words"]
    return (
        table.sort_values(["change", "theme_id"], ascending=[False, True]).drop(columns="change").reset_index(drop=True)
    )


def first_passage(theme_codes: pd.DataFrame, theme_id: str, meeting_id: str) -> str | None:
    """The first coded segment of a theme in a meeting, for a citation."""
    hits = theme_codes[(theme_codes["theme_id"] == theme_id) & (theme_codes["meeting_id"] == meeting_id)]
    return None if hits.empty else sorted(hits["segment_id"])[0]


def find_corpus_finding(overview: pd.DataFrame, meeting_ids: list[str]) -> Finding | None:
    """How many documents, over which years, and how unlike each other they are."""
    if overview.empty:
        return None
    frame = _num(overview, "n_words").set_index("meeting_id").reindex(meeting_ids)
    longest, shortest = frame["n_words"].idxmax(), frame["n_words"].idxmin()
    years = sorted({m[:4] for m in meeting_ids})
    kinds = frame["document_type"].nunique()
    return Finding(
        "corpus",
        f"**{len(meeting_ids)} documents of {kinds} kinds, {years[0]}–{years[-1]}.** They range from "
        f"{int(frame.loc[shortest, 'n_words']):,} words ({esc(shortest)}) to {int(frame.loc[longest, 'n_words']):,} "
        f"({esc(longest)}), so every comparison below is per 1,000 words or per document, and differences between "
        "a press release and an outcome report are partly differences of genre.",
    )


def find_theme_findings(tables: dict, labels: dict[str, str], meeting_ids: list[str]) -> list[Finding]:
    """Themes discussed at every meeting, and the one that rose most."""
    if not _has(tables, "theme_matrix.csv", ("meeting_id", "theme_id", "n_segments", "per_1000_words")):
        return []
    codes = tables.get("theme_codes.csv", pd.DataFrame(columns=["segment_id", "meeting_id", "theme_id"]))
    trends = theme_trends(tables["theme_matrix.csv"], labels, meeting_ids)
    findings = []
    everywhere = trends[trends["n_meetings"] == len(meeting_ids)]
    if len(meeting_ids) > 1 and not everywhere.empty:
        names = ", ".join(esc(t) for t in everywhere["theme"])
        top = everywhere.iloc[0]
        sources = [
            s
            for s in (
                first_passage(codes, top["theme_id"], meeting_ids[0]),
                first_passage(codes, top["theme_id"], meeting_ids[-1]),
            )
            if s
        ]
        findings.append(
            Finding(
                "persistent_themes",
                f"**{len(everywhere)} of {len(trends)} themes {'appears' if len(everywhere) == 1 else 'appear'} in all "
                f"{len(meeting_ids)} documents**: {names}.",
                sources,
            )
        )
    rising = trends[trends["trend"].isin(["rose", "new"])]
    if len(meeting_ids) > 1 and not rising.empty:
        top = rising.iloc[0]
        source = first_passage(codes, top["theme_id"], meeting_ids[-1])
        findings.append(
            Finding(
                "rising_theme",
                f"**{esc(top['theme'])} rose the most**: from {top['early_per_1000_words']:.1f} coded passages per 1,000 "
                f"words in the earlier half of the meetings to {top['late_per_1000_words']:.1f} in the later half"
                + (f"; {len(rising) - 1} other themes also rose or appeared." if len(rising) > 1 else "."),
                [source] if source else [],
            )
        )
    fading = trends[trends["trend"].isin(["fell", "faded"])].sort_values(["late_per_1000_words", "theme_id"])
    if len(meeting_ids) > 1 and not fading.empty:
        top = fading.iloc[0]
        source = first_passage(codes, top["theme_id"], top["first_meeting"])
        findings.append(
            Finding(
                "fading_theme",
                f"**{esc(top['theme'])} receded**: {top['early_per_1000_words']:.1f} coded passages per 1,000 words "
                f"earlier, {top['late_per_1000_words']:.1f} later.",
                [source] if source else [],
            )
        )
    return findings


def find_figure_finding(tables: dict) -> Finding | None:
    """The largest enforcement figure reported, with who reported it and for when."""
    if not _has(tables, "quantities.csv", ("category", "value", "unit", "value_text", "counted", "segment_id")):
        return None
    quantities = _num(tables["quantities.csv"], "value")
    enforcement = quantities[(quantities["category"] == "enforcement") & (quantities["unit"] == "count")]
    if enforcement.empty:
        return None
    top = enforcement.sort_values(["value", "quantity_id"], ascending=[False, True]).iloc[0]
    who = f", reported by {esc(top['actor'])}" if str(top.get("actor", "")) else ""
    when = f" for {esc(top['reference_period'])}" if str(top.get("reference_period", "")) else ""
    return Finding(
        "top_figure",
        f"**{len(quantities)} figures are stated across the documents, {len(enforcement)} of them enforcement "
        f"results.** The largest is {esc(top['value_text'])} {esc(top['counted'])}{who}{when}; figures come from "
        "different bodies and periods and are not added up.",
        [top["segment_id"].split(".")[0]],
    )


def find_actor_finding(tables: dict, meeting_ids: list[str]) -> Finding | None:
    """How many countries each end of the period names, and the share outside the EU."""
    if len(meeting_ids) < 2 or not _has(
        tables, "actors.csv", ("actor_type", "iso3", "region", "meeting_id", "segment_id")
    ):
        return None
    actors = tables["actors.csv"]
    countries = actors[(actors["actor_type"] == "country") & (actors["iso3"] != "")]
    if countries.empty:
        return None

    def share(meeting_id: str) -> tuple[int, int, str | None]:
        here = countries[countries["meeting_id"] == meeting_id]
        distinct = here.drop_duplicates("iso3")
        non_eu = distinct[distinct["region"] != EU]
        first = sorted(here[here["region"] != EU]["segment_id"])[:1]
        return len(distinct), len(non_eu), first[0] if first else None

    first_id, last_id = meeting_ids[0], meeting_ids[-1]
    n_first, non_first, _ = share(first_id)
    n_last, non_last, source = share(last_id)
    if n_first == 0 or n_last == 0:
        return None
    before, after = non_first / n_first, non_last / n_last
    headline = (
        "reached further beyond the EU"
        if after > before
        else "turned more towards the EU"
        if after < before
        else "kept the same balance of EU and non-EU countries"
    )
    return Finding(
        "countries",
        f"**The countries named {headline}:** {esc(first_id)} names {n_first} countries, {non_first} of them outside "
        f"the EU ({100 * non_first / n_first:.0f}%); {esc(last_id)} names {n_last}, {non_last} outside the EU "
        f"({100 * non_last / n_last:.0f}%).",
        [source] if source else [],
    )


def deciding_rows(followthrough: pd.DataFrame) -> pd.DataFrame:
    """The one row per recommendation and later meeting that carries the verdict (others are runners-up)."""
    if "decides" not in followthrough.columns:
        return followthrough
    return followthrough[followthrough["decides"].astype(str).str.lower() == "true"]


def find_followthrough_findings(tables: dict) -> list[Finding]:
    """Recommendations a later meeting reports done, and challenges raised again."""
    needed = ("recommendation_id", "later_meeting_id", "verdict", "segment_id")
    if not _has(tables, "followthrough.csv", needed) or not _has(
        tables, "recommendations.csv", ("recommendation_id", "kind", "segment_id", "text")
    ):
        return []
    follow, recs = (
        deciding_rows(tables["followthrough.csv"]),
        tables["recommendations.csv"].set_index("recommendation_id"),
    )
    findings = []
    calls = recs[recs["kind"] != "challenge"]
    done = follow[(follow["verdict"] == "implemented") & follow["recommendation_id"].isin(calls.index)]
    done_ids = sorted(done["recommendation_id"].unique())
    if done_ids:
        example = done.sort_values(["recommendation_id", "later_meeting_id"]).iloc[0]
        findings.append(
            Finding(
                "implemented",
                f"**{len(done_ids)} of {len(calls)} recommendations, proposals and conclusions are reported done in a later "
                f"document**, for example {esc(example['recommendation_id'])}, taken up in {esc(example['later_meeting_id'])}.",
                [
                    recs.loc[example["recommendation_id"], "segment_id"].split(".")[0],
                    example["segment_id"].split(".")[0],
                ],
            )
        )
    challenges = recs[recs["kind"] == "challenge"]
    recurring = follow[(follow["verdict"] == "recurring") & follow["recommendation_id"].isin(challenges.index)]
    if not recurring.empty:
        ids = sorted(recurring["recommendation_id"].unique())
        example = recurring.sort_values(["recommendation_id", "later_meeting_id"]).iloc[0]
        findings.append(
            Finding(
                "recurring",
                f"**{len(ids)} of {len(challenges)} challenges named come up again in a later document**, e.g. "
                f"{esc(example['recommendation_id'])}, raised again in {esc(example['later_meeting_id'])}.",
                [
                    recs.loc[example["recommendation_id"], "segment_id"].split(".")[0],
                    example["segment_id"].split(".")[0],
                ],
            )
        )
    return findings


def summarise_findings(
    tables: dict, manifest: pd.DataFrame, labels: dict[str, str], *, limit: int = 8
) -> list[Finding]:
    """The executive summary: up to `limit` findings across the chapters, each computed and cited."""
    overview = tables.get("corpus_overview.csv", pd.DataFrame(columns=["meeting_id"]))
    meeting_ids = order_meetings(overview, manifest)
    candidates = [
        find_corpus_finding(overview, meeting_ids),
        *find_theme_findings(tables, labels, meeting_ids),
        find_figure_finding(tables),
        find_actor_finding(tables, meeting_ids),
        *find_followthrough_findings(tables),
    ]
    return [f for f in candidates if f is not None][:limit]


def scope_sentence(manifest: pd.DataFrame, all_meetings: int) -> str:
    """Say which meetings this run covers, so a variant report states its subset."""
    ids = ", ".join(esc(m) for m in manifest["meeting_id"])
    if len(manifest) < all_meetings:
        sentence = (
            f"These findings cover a subset of {len(manifest)} of the {all_meetings} meetings in the corpus: {ids}."
        )
    else:
        sentence = f"These findings cover all {len(manifest)} meetings in the corpus: {ids}."
    if "language" in manifest.columns:
        other = manifest[manifest["language"] != "en"]
        if len(other):
            sentence += (
                f" {len(other)} of them ({', '.join(esc(m) for m in other['meeting_id'])}) are not in English and are "
                "left out of the themes, figures, actors and recommendations."
            )
    return sentence


def read_theme_labels(codebook_path: Path) -> dict[str, str]:
    """Theme id to label, from the codebook."""
    from msmeetings.themes import load_codebook

    return {theme.id: theme.label for theme in load_codebook(codebook_path)}


def summarise_validation(tables: dict) -> pd.DataFrame:
    """One row per extractor and sample: what was checked against hand-made gold data, and the scores."""
    rows = []
    if _has(tables, "theme_validation.csv", ("sample", "theme_id", "n_judged", "precision", "recall")):
        overall = tables["theme_validation.csv"]
        overall = overall[overall["theme_id"] == "all themes"]
        notes = {
            "random": "passages drawn at random after the codebook was frozen: the honest estimate",
            "purposive": "passages chosen while writing the codebook: optimistic",
            "all": "both samples together",
        }
        for row in overall.itertuples():
            rows.append(
                {
                    "extractor": "themes (segment x theme judgements)",
                    "sample": notes.get(row.sample, row.sample),
                    "n_checked": row.n_judged,
                    "precision": row.precision,
                    "recall": row.recall,
                }
            )
    if _has(tables, "quantity_validation.csv", ("meeting_id", "n_gold", "precision", "recall")):
        total = tables["quantity_validation.csv"]
        total = total[total["meeting_id"] == "all"]
        for row in total.itertuples():
            rows.append(
                {
                    "extractor": "figures (every quantity stated)",
                    "sample": "gold list of every figure in the documents",
                    "n_checked": row.n_gold,
                    "precision": row.precision,
                    "recall": row.recall,
                }
            )
    if _has(tables, "actor_validation.csv", ("level", "actor_type", "n_gold", "precision", "recall")):
        total = tables["actor_validation.csv"]
        total = total[total["actor_type"] == "all"]
        for row in total.itertuples():
            what = "actors named" if row.level == "detection" else "role (took part or discussed)"
            rows.append(
                {
                    "extractor": f"actors: {what}",
                    "sample": "gold list of actors per document",
                    "n_checked": row.n_gold,
                    "precision": row.precision,
                    "recall": row.recall,
                }
            )
    table = pd.DataFrame(rows, columns=["extractor", "sample", "n_checked", "precision", "recall"])
    for column in ("precision", "recall"):
        table[column] = pd.to_numeric(table[column], errors="coerce").round(2)
    return table


def list_limitations(tables: dict, manifest: pd.DataFrame, *, short_words: int = 1000) -> list[str]:
    """What the corpus cannot tell, computed from this run's tables (Markdown bullets)."""
    notes = []
    kinds = manifest["document_type"].value_counts().sort_index()
    notes.append(
        f"The {len(manifest)} documents are of {len(kinds)} kinds ("
        + ", ".join(f"{n} {esc(k)}" for k, n in kinds.items())
        + "). An outcome report records a discussion; a press release announces; an annual-report excerpt "
        "summarises. A theme or figure missing from a short document may simply not fit its genre."
    )
    overview = tables.get("corpus_overview.csv")
    if overview is not None and "n_words" in overview.columns:
        words = _num(overview, "n_words")
        short = words[words["n_words"] < short_words]
        if not short.empty:
            notes.append(
                f"{len(short)} documents have fewer than {short_words:,} words of running text ("
                + ", ".join(f"{esc(r.meeting_id)}: {int(r.n_words)}" for r in short.itertuples())
                + "); rates per 1,000 words for them move a lot with a single passage."
            )
    if _has(tables, "quantities.csv", ("actor", "reference_period")):
        quantities = tables["quantities.csv"]
        bodies = sorted({a for a in quantities["actor"] if a})
        periods = quantities["reference_period"].replace("", pd.NA).dropna()
        notes.append(
            f"The {len(quantities)} figures come from {len(bodies)} reporting bodies and refer to "
            f"{periods.nunique()} different periods ({len(quantities) - len(periods)} state no period): they "
            "measure different things and are never summed or compared as a series."
        )
    if _has(tables, "theme_validation.csv", ("sample", "theme_id", "precision")):
        random_row = tables["theme_validation.csv"]
        random_row = random_row[(random_row["sample"] == "random") & (random_row["theme_id"] == "all themes")]
        if not random_row.empty:
            r = random_row.iloc[0]
            notes.append(
                f"Theme coding matches keywords: on passages drawn at random its precision is {float(r['precision']):.2f} "
                f"and recall {float(r['recall']):.2f} ({r['n_present']} positive judgements), lower than on the "
                "passages used to write the codebook. It cannot tell a list of participants from a discussion."
            )
    notes.append(
        "Participation is counted as the documents state it; a document that names no participants does not mean "
        "nobody attended. Follow-through is inferred from later documents in this corpus only: a recommendation "
        "implemented but not reported in them counts as not found."
    )
    return notes


def plot_theme_trends(trends: pd.DataFrame):
    """Dumbbell chart: each theme's rate per 1,000 words in the earlier and the later meetings."""
    import matplotlib.pyplot as plt

    from msmeetings.outputs import PALETTE

    data = trends.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.32 * len(data) + 1.2)))
    y = range(len(data))
    for yi, row in zip(y, data.itertuples()):
        ax.plot([row.early_per_1000_words, row.late_per_1000_words], [yi, yi], color="#999999", linewidth=1.5, zorder=1)
    ax.scatter(data["early_per_1000_words"], list(y), color=PALETTE[0], label="earlier meetings", zorder=2, s=30)
    ax.scatter(
        data["late_per_1000_words"], list(y), color=PALETTE[1], marker="D", label="later meetings", zorder=3, s=30
    )
    ax.set_yticks(list(y), data["theme"], fontsize=8)
    ax.set_xlabel("Coded passages per 1,000 words (mean over the meetings in each half)")
    ax.set_title("How often each theme comes up, earlier and later")
    ax.grid(axis="x", color="#dddddd")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    return fig


def list_implemented(tables: dict) -> pd.DataFrame:
    """Recommendations a later document reports as done, with both passages cited."""
    needed = ("recommendation_id", "later_meeting_id", "verdict", "segment_id")
    if not _has(tables, "followthrough.csv", needed) or not _has(
        tables, "recommendations.csv", ("recommendation_id", "text", "segment_id")
    ):
        return pd.DataFrame(
            columns=["recommendation", "source", "later_meeting_id", "evidence", "verdict_checked_by_a_reader"]
        )
    follow, recs = (
        deciding_rows(tables["followthrough.csv"]),
        tables["recommendations.csv"].set_index("recommendation_id"),
    )
    done = follow[follow["verdict"] == "implemented"].sort_values(["recommendation_id", "later_meeting_id"])
    done = done.drop_duplicates(["recommendation_id", "later_meeting_id"])
    rows = []
    for row in done.itertuples():
        if row.recommendation_id not in recs.index:
            continue
        rec = recs.loc[row.recommendation_id]
        rows.append(
            {
                "recommendation": rec["text"],
                "source": cite(rec["segment_id"]),
                "later_meeting_id": row.later_meeting_id,
                "evidence": cite(row.segment_id),
                "verdict_checked_by_a_reader": "yes" if str(getattr(row, "reviewed", "")).lower() == "true" else "no",
            }
        )
    return pd.DataFrame(
        rows, columns=["recommendation", "source", "later_meeting_id", "evidence", "verdict_checked_by_a_reader"]
    )
