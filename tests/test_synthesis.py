"""Cross-cutting findings: computed from the tables, left out when the tables cannot support them."""

import pandas as pd

from msmeetings import synthesis

MEETINGS = ["2009-a", "2015-b", "2023-c"]
LABELS = {"jits": "Joint investigation teams", "digital": "Online platforms", "routes": "Routes"}


def matrix(rates: dict[str, list[float]]) -> pd.DataFrame:
    rows = []
    for theme, values in rates.items():
        for meeting, rate in zip(MEETINGS, values):
            rows.append(
                {
                    "meeting_id": meeting,
                    "theme_id": theme,
                    "n_segments": str(int(rate > 0)),
                    "per_1000_words": str(rate),
                }
            )
    return pd.DataFrame(rows)


def test__theme_trends__classifies_rise_fall_new_faded_and_steady():
    trends = synthesis.theme_trends(
        matrix({"jits": [1.0, 9.0, 3.0], "digital": [0.0, 5.0, 2.0], "routes": [4.0, 0.0, 0.0]}), LABELS, MEETINGS
    ).set_index("theme_id")
    # Early half is the first meeting, late half the last; the middle one counts in neither.
    assert trends.loc["jits", "trend"] == "rose"
    assert trends.loc["digital", "trend"] == "new"
    assert trends.loc["routes", "trend"] == "faded"
    assert trends.loc["digital", "first_meeting"] == "2015-b"
    assert trends.loc["jits", "n_meetings"] == 3
    steady = synthesis.theme_trends(matrix({"jits": [2.0, 0.0, 2.5]}), LABELS, MEETINGS)
    assert steady.loc[0, "trend"] == "steady"


def test__summarise_findings__only_what_the_tables_support():
    manifest = pd.DataFrame(
        {"meeting_id": MEETINGS, "document_type": ["workshop report", "press release", "outcome report"]}
    )
    overview = pd.DataFrame(
        {"meeting_id": MEETINGS, "n_words": ["800", "400", "5000"], "document_type": manifest["document_type"]}
    )
    findings = synthesis.summarise_findings({"corpus_overview.csv": overview}, manifest, LABELS)
    assert [f.key for f in findings] == ["corpus"]
    assert "3 documents of 3 kinds, 2009–2023" in findings[0].text
    assert "400 words (2015-b) to 5,000 (2023-c)" in findings[0].text


def test__find_actor_finding__share_of_non_eu_countries_at_both_ends():
    actors = pd.DataFrame(
        {
            "meeting_id": ["2009-a", "2009-a", "2023-c", "2023-c", "2023-c"],
            "segment_id": ["2009-a:001", "2009-a:002", "2023-c:004", "2023-c:005", "2023-c:005"],
            "actor_type": "country",
            "iso3": ["FRA", "EGY", "FRA", "GHA", "NGA"],
            "region": ["eu_member_state", "south_partner", "eu_member_state", "west_africa", "west_africa"],
        }
    )
    finding = synthesis.find_actor_finding({"actors.csv": actors}, MEETINGS)
    assert "2009-a names 2 countries, 1 of them outside the EU (50%)" in finding.text
    assert "2023-c names 3, 2 outside the EU (67%)" in finding.text
    assert "reached further beyond the EU" in finding.text
    assert finding.sources == ["2023-c:005"], "cites the first passage naming a non-EU country"


def test__find_figure_finding__largest_enforcement_count_with_source():
    quantities = pd.DataFrame(
        {
            "quantity_id": ["a#q1", "b#q1", "c#q1"],
            "category": ["enforcement", "enforcement", "money"],
            "value": ["21", "449", "121650"],
            "unit": ["count", "count", "EUR"],
            "value_text": ["21", "449", "EUR 121 650"],
            "counted": ["suspects arrested", "migrant smugglers apprehended", "confiscated"],
            "actor": ["", "Frontex", ""],
            "reference_period": ["", "2022", ""],
            "segment_id": ["x:001.01", "y:004.02", "z:002.01"],
        }
    )
    finding = synthesis.find_figure_finding({"quantities.csv": quantities})
    assert "The largest is 449 migrant smugglers apprehended, reported by Frontex for 2022" in finding.text
    assert "2 of them enforcement results" in finding.text
    assert finding.sources == ["y:004"]


def test__finding_markdown__escapes_document_text_and_links_sources():
    finding = synthesis.Finding("k", synthesis.esc("<b>x</b>"), ["m:003.01"])
    assert finding.markdown() == "&lt;b&gt;x&lt;/b&gt; ([m ¶3](#seg-m-003))"


def test__scope_sentence__states_a_subset():
    manifest = pd.DataFrame({"meeting_id": ["2018-hague", "2023-hague"]})
    assert (
        synthesis.scope_sentence(manifest, 5)
        == "These findings cover a subset of 2 of the 5 meetings in the corpus: 2018-hague, 2023-hague."
    )


def test__list_limitations__names_short_documents():
    manifest = pd.DataFrame(
        {"meeting_id": MEETINGS, "document_type": ["workshop report", "press release", "outcome report"]}
    )
    overview = pd.DataFrame({"meeting_id": MEETINGS, "n_words": ["800", "400", "5000"]})
    notes = synthesis.list_limitations({"corpus_overview.csv": overview}, manifest)
    assert any("2 documents have fewer than 1,000 words" in n and "2015-b: 400" in n for n in notes)
