"""Every chart of the report reads in print and on a phone, with 5 and with 20 meetings.

Each chart is drawn from realistic data (the shipped codebook's and gazetteers' long labels, counts
of the size the documents give) and measured: no two texts overlap, none leaves the figure, the
smallest text is at least 7 pt printed and 8 CSS px on a 390 px phone. The titles are findings
computed from the data, checked on small hand-made cases.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from msmeetings import actors, chartkit, corpus, palette, synthesis, themes  # noqa: E402
from msmeetings import quantities as q  # noqa: E402
from msmeetings.actors.gazetteers import REGIONS, ROLES  # noqa: E402
from msmeetings.outputs import configure_matplotlib  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
KINDS = ["workshop report", "outcome report", "press release", "annual-report excerpt"]


def assert_readable(fig) -> None:
    """Draw the chart and fail on any overlapping or escaping text and any text too small to read."""
    try:
        problems = chartkit.text_collisions(fig)
        assert not problems, "\n".join(problems[:10])
        measured = chartkit.legibility(fig)
        assert measured.readable, measured
        assert measured.width_in <= chartkit.PRINT_WIDTH_IN
    finally:
        plt.close(fig)


def meeting_frame(n: int) -> pd.DataFrame:
    years = np.linspace(2009, 2023, n).astype(int)
    ids = [f"{y}-{place}" for y, place in zip(years, ["hague", "cairo", "vienna", "rome", "athens"] * n)]
    ids = [f"{i}-{k}" if ids.count(i) > 1 else i for k, i in enumerate(ids)]
    return pd.DataFrame(
        {
            "meeting_id": ids,
            "start_date": [f"{y}-{(k % 12) + 1:02d}-15" for k, y in enumerate(years)],
            "document_type": [KINDS[k % len(KINDS)] for k in range(n)],
        }
    )


@pytest.fixture(scope="module", autouse=True)
def _matplotlib():
    configure_matplotlib()


@pytest.fixture(scope="module")
def codebook():
    return themes.load_codebook(ROOT / "data" / "codebook.yml")


@pytest.fixture(scope="module")
def gaz():
    return actors.load_gazetteers(ROOT / "data")


# --- the measuring helpers can fail ---------------------------------------------------------------


def test__text_collisions__finds_overlap_and_text_past_the_edge():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.text(0.5, 0.5, "overlapping label", fontsize=10)
    ax.text(0.52, 0.5, "another label", fontsize=10)
    ax.text(0.95, 0.1, "runs past the right edge of the figure", fontsize=10)
    problems = chartkit.text_collisions(fig)
    plt.close(fig)
    assert any("overlaps" in p for p in problems)
    assert any("runs past the figure" in p for p in problems)


def test__legibility__scales_a_wide_chart_down_to_the_printed_column():
    fig, ax = plt.subplots(figsize=(12.6, 3))
    ax.text(0.5, 0.5, "x", fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
    measured = chartkit.legibility(fig)
    plt.close(fig)
    # Wider than the text column: the PDF shrinks it, and 8 pt prints below 7 pt.
    assert measured.width_in > chartkit.PRINT_WIDTH_IN
    assert measured.min_print_pt == pytest.approx(8 * chartkit.PRINT_WIDTH_IN / measured.width_in)
    assert measured.min_print_pt < chartkit.MIN_PRINT_PT
    assert not measured.readable


def test__palette__one_colour_per_kind_of_actor_and_readable_cell_text():
    colours = list(palette.ACTOR_TYPES.values())
    assert len(set(colours)) == len(colours)
    assert palette.text_colour_on("#000000") == "#FFFFFF" and palette.text_colour_on("#FFFFFF") == palette.BLACK
    assert q.body_colour("national authorities") == palette.actor_colour("country")
    assert q.body_colour("Europol") == q.body_colour("Frontex") == palette.actor_colour("organisation")


# --- chapter 1 ------------------------------------------------------------------------------------


def timeline_case(n: int):
    frame = meeting_frame(n)
    meetings = [
        corpus.Meeting(**{**{f: "" for f in corpus.Meeting.__dataclass_fields__}, **row})
        for row in frame.to_dict("records")
    ]
    overview = pd.DataFrame({"meeting_id": frame["meeting_id"], "n_words": [400 + 950 * (k % 6) for k in range(n)]})
    return overview, meetings


@pytest.mark.parametrize("n", [5, 20])
def test__plot_meeting_timeline__readable(n):
    assert_readable(corpus.plot_meeting_timeline(*timeline_case(n)))


def test__timeline_finding__names_a_long_gap_else_the_longest_document():
    overview, meetings = timeline_case(5)
    assert corpus.timeline_finding(overview, meetings) == "5 documents from 2009 to 2023, none between 2012 and 2016"
    overview, meetings = timeline_case(20)
    assert corpus.timeline_finding(overview, meetings).startswith("20 documents from 2009 to 2023; the longest is ")


# --- chapter 2 ------------------------------------------------------------------------------------


def theme_matrix_case(codebook, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    meetings = meeting_frame(n)
    rng = np.random.default_rng(7)
    rows = []
    for k, m in enumerate(meetings["meeting_id"]):
        words = 400 + 950 * (k % 6)
        for t in codebook:
            count = int(rng.poisson(4)) if t.id != codebook[0].id or k >= n // 2 else 0
            rows.append(
                {
                    "meeting_id": m,
                    "theme_id": t.id,
                    "n_segments": count,
                    "share_pct": 0.0,
                    "per_1000_words": round(1000 * count / words, 2),
                }
            )
    return pd.DataFrame(rows), meetings


@pytest.mark.parametrize("n", [5, 20])
def test__plot_theme_heatmap__readable(codebook, n):
    matrix, meetings = theme_matrix_case(codebook, n)
    units = pd.DataFrame({"meeting_id": meetings["meeting_id"], "n_words": 5143})
    assert_readable(themes.plot_theme_heatmap(matrix, meetings, codebook, units))


def test__theme_heatmap_finding__the_longest_run_up_to_the_latest_document(codebook):
    a, b = codebook[0], codebook[1]
    meetings = pd.DataFrame({"meeting_id": ["x", "y", "z"], "start_date": ["2009-01", "2018-05", "2023-11"]})
    rows = []
    for m, counts in zip(["x", "y", "z"], [(0, 3), (2, 0), (1, 1)]):
        for theme, n in zip([a, b], counts):
            rows.append({"meeting_id": m, "theme_id": theme.id, "n_segments": n, "per_1000_words": float(n)})
    matrix = pd.DataFrame(rows)
    assert (
        themes.theme_heatmap_finding(matrix, meetings, codebook[:2])
        == f"{a.label} is coded in every document from 2018 on"
    )
    matrix.loc[(matrix["meeting_id"] == "y") & (matrix["theme_id"] == b.id), "n_segments"] = 1
    assert themes.theme_heatmap_finding(matrix, meetings, codebook[:2]) == (f"{b.label} is coded in all 3 documents")


def test__plot_theme_cooccurrence__readable_and_finding(codebook):
    ids = [t.id for t in codebook]
    rows = [
        {"theme_a": a, "theme_b": b, "n_both": (i * 7 + j * 3) % 23}
        for i, a in enumerate(ids)
        for j, b in enumerate(ids)
        if i < j
    ]
    cooccurrence = pd.DataFrame(rows)
    assert_readable(themes.plot_theme_cooccurrence(cooccurrence, codebook))
    top = cooccurrence.sort_values(["n_both", "theme_a", "theme_b"], ascending=[False, True, True]).iloc[0]
    label = {t.id: t.label for t in codebook}
    assert themes.cooccurrence_finding(cooccurrence, codebook) == (
        f"{label[top['theme_a']]} and {label[top['theme_b']]} share the most passages (22 passages)"
    )
    assert themes.cooccurrence_finding(cooccurrence.assign(n_both=0), codebook).startswith("No two themes")


# --- chapter 3 ------------------------------------------------------------------------------------


def chart_case(n_figures: int) -> pd.DataFrame:
    bodies = ["national authorities", "Eurojust", "Europol", "Frontex", "other"]
    counted = ["suspects arrested", "joint investigation teams supported by Eurojust", "migrant smugglers identified"]
    rows = []
    for k in range(n_figures):
        value = float([12000, 449, 360, 187, 96, 86, 77, 21, 9, 12][k % 10])
        rows.append(
            {
                "quantity_id": f"m{k}#q1",
                "year": 2009 + (k * 3) % 15,
                "value": value,
                "label": f"{value:,.0f} {counted[k % 3]}",
                "body": bodies[k % 5],
                "period_stated": k % 3 != 0,
            }
        )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("n_figures", [6, 30])
def test__plot_figures_over_time__readable(n_figures):
    assert_readable(q.plot_figures_over_time(chart_case(n_figures)))


def test__select_chart_figures__leaves_out_figures_of_no_analytical_interest():
    quantities = pd.DataFrame(
        {
            "quantity_id": ["a#q1", "a#q2"],
            "meeting_id": ["m", "m"],
            "value": [96.0, 2.0],
            "value_high": [float("nan")] * 2,
            "unit": ["count"] * 2,
            "qualifier": ["exact"] * 2,
            "counted": ["arrests", "Focus Groups"],
            "category": ["enforcement"] * 2,
            "actor": ["", ""],
            "reference_period": ["", ""],
            "is_key_figure": [True, False],
        }
    )
    chart = q.select_chart_figures(quantities, {"m": 2018}, ["enforcement"])
    assert chart["counted"].tolist() == ["arrests"]


def test__enforcement_finding__body_with_most_figures_and_the_largest():
    chart = chart_case(6)
    assert q.enforcement_finding(chart) == (
        "National authorities report the most key figures (2 of 6); the largest is 12,000 suspects arrested (2009)"
    )
    assert q.enforcement_finding(chart.iloc[0:0]).startswith("No key figure")


@pytest.mark.parametrize("n", [5, 20])
def test__plot_category_matrix__readable(n):
    meetings = meeting_frame(n)["meeting_id"].tolist()
    matrix = pd.DataFrame(
        [[(i * 5 + j * 3) % 17 for j in range(n)] for i in range(len(q.CATEGORIES))],
        index=list(q.CATEGORIES),
        columns=meetings,
    )
    assert_readable(q.plot_category_matrix(matrix))


def test__category_matrix_finding__widest_category_and_busiest_document():
    matrix = pd.DataFrame({"m1": [3, 0], "m2": [1, 5]}, index=["enforcement", "money"])
    assert (
        q.category_matrix_finding(matrix)
        == "Figures on enforcement appear in 2 of 2 documents; m2 states the most figures (6)"
    )


# --- chapter 4 ------------------------------------------------------------------------------------


def region_counts(meeting_ids: list[str]) -> pd.DataFrame:
    rows = [
        {"meeting_id": m, "role": role, "region": region, "n_countries": (k * 7 + i * 5 + j) % 27}
        for k, m in enumerate(meeting_ids)
        for i, role in enumerate(ROLES)
        for j, region in enumerate(REGIONS)
    ]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("n", [5, 20])
def test__plot_countries_by_region__readable(n):
    meeting_ids = meeting_frame(n)["meeting_id"].tolist()
    assert_readable(actors.plot_countries_by_region(region_counts(meeting_ids), meeting_ids))


def test__countries_finding__document_with_most_participants_and_its_main_region():
    counts = pd.DataFrame(
        [
            {"meeting_id": "a", "role": "participant", "region": "eu_member_state", "n_countries": 21},
            {"meeting_id": "a", "role": "observer", "region": "west_africa", "n_countries": 7},
            {"meeting_id": "b", "role": "participant", "region": "eu_member_state", "n_countries": 3},
            {"meeting_id": "b", "role": "subject", "region": "other", "n_countries": 40},
        ]
    )
    assert actors.countries_finding(counts, ["a", "b"]) == (
        "a names the most countries taking part (28), 21 of them EU Member States"
    )


def organisation_matrix_case(gaz, n: int) -> tuple[pd.DataFrame, list[str]]:
    meeting_ids = meeting_frame(n)["meeting_id"].tolist()
    orgs = gaz.organisations.sort_values("label", key=lambda s: -s.str.len()).head(25)
    rows = []
    for i, org in enumerate(orgs.itertuples()):
        row = {"org_id": org.org_id, "label": org.label, "org_type": org.org_type, "n_mentions": 25 - i}
        for k, m in enumerate(meeting_ids):
            row[m] = ["participant", "subject", ""][(i + k) % 3] if i else "participant"
        rows.append(row)
    return pd.DataFrame(rows), meeting_ids


@pytest.mark.parametrize("n", [5, 20])
def test__plot_organisation_timeline__readable(gaz, n):
    assert_readable(actors.plot_organisation_timeline(*organisation_matrix_case(gaz, n)))


def test__organisations_finding__in_every_document_else_the_most_widely_named(gaz):
    matrix, meeting_ids = organisation_matrix_case(gaz, 5)
    first = matrix.iloc[0]["label"]
    assert actors.organisations_finding(matrix, meeting_ids) == f"{first} is named in all 5 documents"
    matrix[meeting_ids[0]] = ""
    assert actors.organisations_finding(matrix, meeting_ids).endswith("of 5 documents, more than any other body")


def comention_case(gaz) -> tuple[pd.DataFrame, dict]:
    orgs = gaz.organisations.sort_values("label", key=lambda s: -s.str.len()).head(12)["org_id"].tolist()
    countries = gaz.countries["actor_id"].drop_duplicates().head(12).tolist()
    nodes = [f"organisation:{o}" for o in orgs] + [f"country:{c}" for c in countries]
    rows = [
        {"source": a, "target": b, "weight": (i * 11 + j * 5) % 31 + 1, "n_meetings": (i + j) % 5 + 1}
        for i, a in enumerate(nodes)
        for j, b in enumerate(nodes)
        if i < j
    ]
    return pd.DataFrame(rows), actors.actor_labels(gaz)


def test__plot_actor_network__ranked_pairs_readable(gaz):
    edges, labels = comention_case(gaz)
    fig = actors.plot_actor_network(edges, labels, top_n=20)
    assert len(fig.axes[0].get_yticklabels()) == 15
    assert_readable(fig)


def test__comention_finding__the_pair_named_together_most():
    edges = pd.DataFrame(
        {
            "source": ["organisation:europol", "country:ITA"],
            "target": ["organisation:eurojust", "country:LBY"],
            "weight": [9, 4],
            "n_meetings": [3, 1],
        }
    )
    labels = {("organisation", "europol"): "Europol", ("organisation", "eurojust"): "Eurojust"}
    assert actors.comention_finding(edges, labels) == (
        "Europol and Eurojust are named together most often (9 paragraphs in 3 documents)"
    )


# --- chapter 7 ------------------------------------------------------------------------------------


def trends_case(codebook) -> pd.DataFrame:
    rows = [
        {
            "theme": t.label,
            "early_per_1000_words": round((i * 1.7) % 6, 2),
            "late_per_1000_words": round((i * 2.3) % 7, 2),
        }
        for i, t in enumerate(codebook)
    ]
    frame = pd.DataFrame(rows)
    change = frame["late_per_1000_words"] - frame["early_per_1000_words"]
    return frame.assign(_c=change).sort_values("_c", ascending=False).drop(columns="_c").reset_index(drop=True)


def test__plot_theme_trends__readable(codebook):
    assert_readable(synthesis.plot_theme_trends(trends_case(codebook)))


def test__theme_trends_finding__names_the_largest_rise_and_fall():
    trends = pd.DataFrame(
        {
            "theme": ["JITs", "Routes", "Training"],
            "early_per_1000_words": [1.0, 4.0, 2.0],
            "late_per_1000_words": [3.5, 1.0, 2.0],
            "trend": ["rose", "fell", "steady"],
        }
    )
    assert synthesis.theme_trends_finding(trends) == (
        "JITs rose most (1.0 to 3.5 passages per 1,000 words); the only clear fall is Routes (4.0 to 1.0)"
    )
    trends["late_per_1000_words"] = [3.5, 3.0, 0.5]
    trends["trend"] = ["rose", "fell", "no clear change"]
    assert synthesis.theme_trends_finding(trends) == (
        "JITs rose most (1.0 to 3.5 passages per 1,000 words); the only clear fall is Routes (4.0 to 3.0); "
        "1 larger drop could be chance"
    )


def test__theme_trends_finding__a_change_that_could_be_chance_does_not_head_the_chart():
    trends = pd.DataFrame(
        {
            "theme": ["JITs", "Routes"],
            "early_per_1000_words": [1.0, 4.0],
            "late_per_1000_words": [3.5, 1.0],
            "trend": ["rose", "no clear change"],
        }
    )
    assert synthesis.theme_trends_finding(trends) == "JITs rose most (1.0 to 3.5 passages per 1,000 words)"


# --- chapter 6: what became of the recommendations -----------------------------------------------


def followthrough_case(n: int) -> tuple[pd.DataFrame, pd.DataFrame, list[str], pd.DataFrame]:
    """A corpus of n meetings: 30 long items from the first, each taken up in a few later meetings."""
    from msmeetings import recommendations as rec

    meetings = meeting_frame(n)
    ids = meetings["meeting_id"].tolist()
    items = pd.DataFrame(
        {
            "recommendation_id": [f"{ids[0]}:R{k:02d}" for k in range(1, 31)],
            "text": [
                "Member States are encouraged to make full use of joint investigation teams and of the support "
                f"Eurojust offers for case {k}, including funding" for k in range(1, 31)
            ],
            "kind": "recommendation",
        }
    )
    verdicts = list(rec.CUE_VERDICTS) + ["mentioned"]
    summary = pd.DataFrame(
        [
            {
                "recommendation_id": r,
                "later_meeting_id": m,
                "verdict": verdicts[(k + j) % len(verdicts)],
                "reviewed": (k + j) % 5 == 0,
                "similarity": 0.2,
            }
            for k, r in enumerate(items["recommendation_id"])
            for j, m in enumerate(ids[1:])
            if (k + j) % 3 == 0
        ]
    )
    chains = pd.DataFrame(
        [
            {"chain_id": r, "step": step, "meeting_id": m, "verdict": "" if step == 0 else verdicts[step % 3],
             "reviewed": step == 2, "text": text}
            for r, text in zip(items["recommendation_id"][:20], items["text"][:20])
            for step, m in enumerate([ids[0], *ids[1 : min(n, 4)]])
        ]
    )  # fmt: skip
    return summary, items, ids, chains


@pytest.mark.parametrize("n", [5, 20])
def test__plot_followthrough_matrix__readable(n):
    from msmeetings import recommendations as rec

    summary, items, ids, _ = followthrough_case(n)
    rows = rec.select_matrix_rows(summary, items, max_rows=30)
    assert_readable(rec.plot_followthrough_matrix(summary, rows, ids[1:]))


@pytest.mark.parametrize("n", [5, 20])
def test__plot_chains__readable(n):
    from msmeetings import recommendations as rec

    _, _, ids, chains = followthrough_case(n)
    meetings = meeting_frame(n)
    shown = rec.select_chains(chains, min_links=2, max_chains=25)
    assert_readable(rec.plot_chains(chains, meetings, shown))


def test__matrix_and_chains_findings__state_what_the_charts_show():
    from msmeetings import recommendations as rec

    summary = pd.DataFrame(
        {
            "recommendation_id": ["a:R01", "a:R02", "a:R01"],
            "later_meeting_id": ["2018-b", "2018-b", "2023-c"],
            "verdict": ["implemented", "reiterated", "recurring"],
            "reviewed": [True, False, False],
            "similarity": [0.3, 0.2, 0.2],
        }
    )
    rows = pd.DataFrame({"recommendation_id": ["a:R01", "a:R02"], "text": ["x", "y"]})
    assert rec.matrix_finding(summary, rows, ["2018-b", "2023-c"]) == "2018-b takes up 2 of the 2 items shown, 1 reported done"
    meetings = pd.DataFrame({"meeting_id": ["2009-a", "2018-b", "2023-c"], "start_date": ["2009-07-06", "2018-05-30", "2023-11-08"]})
    chains = pd.DataFrame(
        {
            "chain_id": ["2009-a:R01"] * 3 + ["2018-b:R02"] * 2,
            "step": [0, 1, 2, 0, 1],
            "meeting_id": ["2009-a", "2018-b", "2023-c", "2018-b", "2023-c"],
            "text": ["Cases are not investigated with cooperation tools."] * 3 + ["Use JITs."] * 2,
        }
    )
    assert rec.chains_finding(chains, meetings, ["2009-a:R01", "2018-b:R02"]) == (
        "“Cases are not investigated with cooperation tools.” (2009-a) is taken up over 14 years, "
        "in 2 later meetings"
    )
