"""Cross-cutting findings: computed from the tables; a table of the wrong shape raises."""

import pandas as pd
import pytest

from msmeetings import synthesis

MEETINGS = ["2009-a", "2015-b", "2023-c"]
LABELS = {"jits": "Joint investigation teams", "networks": "Practitioner networks", "routes": "Routes"}


def segments(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """Paragraphs, each its own single sentence."""
    out = []
    for segment_id, text in rows:
        out.append({"segment_id": segment_id, "kind": "paragraph", "parent_id": "", "text": text})
        out.append({"segment_id": segment_id + ".01", "kind": "sentence", "parent_id": segment_id, "text": text})
    return pd.DataFrame(out)


def codes(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"segment_id": s, "meeting_id": s.partition(":")[0], "theme_id": t, "matched_terms": m} for s, t, m in rows]
    )


def overview(words: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"meeting_id": MEETINGS, "n_words": [str(w) for w in words]})


def test__substantive_codes__ignores_speaker_labels_attendance_datelines_and_bare_acronyms():
    segs = segments(
        [
            ("2023-c:001", "A German senior prosecutor and Focus Group member gave a presentation on the Balkan route."),
            ("2023-c:002", "Attendees included practitioners from the Focus Group and WACAP."),
            ("2023-c:003", "The WACAP representative suggested more JITs."),
            ("2023-c:004", "The Focus Group offers a platform for practitioners."),
            ("2023-c:005", "The Hague, 29 May 2020 Focus Group"),
        ]
    )
    coded = codes(
        [
            ("2023-c:001", "networks", "focus group"),
            ("2023-c:002", "networks", "focus group;wacap"),
            ("2023-c:003", "networks", "wacap"),
            ("2023-c:003", "jits", "jits"),
            ("2023-c:004", "networks", "focus group"),
            ("2023-c:005", "networks", "focus group"),
        ]
    )
    kept = synthesis.substantive_codes(coded, segs)
    assert list(zip(kept["segment_id"], kept["theme_id"])) == [("2023-c:003", "jits"), ("2023-c:004", "networks")]


def test__theme_trends__pools_words_so_a_short_document_weighs_little():
    # 2015-b is the middle document and counts in neither half; 2023-c is a 400-word excerpt with no JIT passage.
    segs = segments([(f"2009-a:00{i}", "JITs were set up.") for i in range(1, 4)] + [("2023-c:001", "Routes shifted.")])
    coded = codes([(f"2009-a:00{i}", "jits", "jits") for i in range(1, 4)] + [("2023-c:001", "routes", "routes")])
    trends = synthesis.theme_trends(coded, segs, overview([1000, 500, 400]), LABELS, MEETINGS).set_index("theme_id")
    assert trends.loc["jits", "early_per_1000_words"] == 3.0
    assert trends.loc["jits", "trend"] == "faded"
    # One passage in a 400-word excerpt is not a trend.
    assert trends.loc["routes", "trend"] == "too few passages"
    assert trends.loc["networks", "trend"] == "not found"


def test__theme_trends__a_rise_needs_a_higher_pooled_rate():
    segs = segments([("2009-a:001", "A JIT."), *[(f"2023-c:{i:03d}", "A JIT.") for i in range(1, 9)]])
    coded = codes([("2009-a:001", "jits", "jit"), *[(f"2023-c:{i:03d}", "jits", "jit") for i in range(1, 9)]])
    rose = synthesis.theme_trends(coded, segs, overview([1000, 500, 1000]), LABELS, MEETINGS).set_index("theme_id")
    assert rose.loc["jits", "trend"] == "rose"
    steady = synthesis.theme_trends(coded, segs, overview([125, 500, 1000]), LABELS, MEETINGS).set_index("theme_id")
    assert steady.loc["jits", "trend"] == "steady", "8 per 1,000 words before and after"


def test__find_actor_finding__counts_only_countries_that_took_part():
    actors = pd.DataFrame(
        {
            "meeting_id": ["2009-a", "2009-a", "2023-c", "2023-c", "2023-c"],
            "segment_id": ["2009-a:001", "2009-a:002", "2023-c:004", "2023-c:005", "2023-c:009"],
            "actor_type": "country",
            "iso3": ["FRA", "EGY", "FRA", "GHA", "LBY"],
            "region": ["eu_member_state", "south_partner", "eu_member_state", "west_africa", "south_partner"],
            "role": ["participant", "participant", "participant", "participant", "subject"],
        }
    )
    finding = synthesis.find_actor_finding({"actors": actors}, MEETINGS)
    assert "2009-a names 2, 1 of them outside the EU; 2023-c names 2, 1 outside the EU" in finding.text
    assert "LBY" not in synthesis.participant_shares(actors, MEETINGS)["outside_eu"].str.cat()


def test__find_followthrough_findings__recurrence_only_over_items_with_a_later_document():
    recs = pd.DataFrame(
        {
            "recommendation_id": ["2009-a:R1", "2009-a:R2", "2023-c:R1", "2023-c:R2"],
            "meeting_id": ["2009-a", "2009-a", "2023-c", "2023-c"],
            "kind": ["challenge", "recommendation", "challenge", "challenge"],
            "segment_id": ["2009-a:001", "2009-a:002", "2023-c:001", "2023-c:002"],
            "text": ["a", "b", "c", "d"],
        }
    )
    follow = pd.DataFrame(
        {
            "recommendation_id": ["2009-a:R1", "2009-a:R2", "2009-a:R2"],
            "later_meeting_id": ["2023-c", "2023-c", "2015-b"],
            "verdict": ["recurring", "implemented", "implemented"],
            "reviewed": ["False", "True", "False"],
            "confidence": ["high", "high", "high"],
            "decides": ["True", "True", "True"],
            "segment_id": ["2023-c:009", "2023-c:010", "2015-b:001"],
        }
    )
    found = {f.key: f.text for f in synthesis.find_followthrough_findings(
        {"recommendations": recs, "followthrough": follow}, MEETINGS
    )}
    assert "0 of the 1 challenges" in found["recurring"], "the last document's challenges cannot recur"
    assert "proposes 1 more with high confidence, unchecked" in found["recurring"]
    # A machine verdict of low confidence is not counted at all.
    follow.loc[0, "confidence"] = "low"
    found = {f.key: f.text for f in synthesis.find_followthrough_findings(
        {"recommendations": recs, "followthrough": follow}, MEETINGS
    )}
    assert "recurring" not in found
    assert "1 of the 1 items that ask for action or announce a plan" in found["implemented"] and "proposes 0 more" in found["implemented"]


def test__summarise_findings__a_missing_column_raises_rather_than_dropping_a_finding():
    manifest = pd.DataFrame({"meeting_id": MEETINGS, "document_type": ["a", "b", "c"]})
    tables = {"corpus_overview": pd.DataFrame({"meeting_id": MEETINGS})}
    with pytest.raises(synthesis.TableShapeError, match="n_words"):
        synthesis.summarise_findings(tables, manifest, LABELS)


def test__find_corpus_finding__documents_of_kinds_and_range():
    frame = pd.DataFrame(
        {"meeting_id": MEETINGS, "n_words": ["800", "400", "5000"], "document_type": ["w", "press release", "o"]}
    )
    finding = synthesis.find_corpus_finding(frame, MEETINGS)
    assert "3 documents of 3 kinds, 2009–2023" in finding.text
    assert "400 words (2015-b) to 5,000 (2023-c)" in finding.text


def test__finding_markdown__escapes_document_text_and_links_sources():
    finding = synthesis.Finding("k", synthesis.esc("<b>x</b>"), ["m:003.01"])
    assert finding.markdown() == "&lt;b&gt;x&lt;/b&gt; ([m ¶3](#seg-m-003))"


def test__scope_sentence__states_a_subset_of_documents():
    manifest = pd.DataFrame({"meeting_id": ["2018-hague", "2023-hague"]})
    assert (
        synthesis.scope_sentence(manifest, 5)
        == "These findings cover a subset of 2 of the 5 documents in the corpus: 2018-hague, 2023-hague."
    )


def test__describe_documents__genre_year_and_organiser():
    manifest = pd.DataFrame(
        {
            "meeting_id": ["2009-a", "2020-b"],
            "document_type": ["workshop report", "press release"],
            "organiser": ["", "Eurojust"],
            "start_date": ["2009-07-06", "2020-05-29"],
        }
    )
    text = synthesis.describe_documents(manifest)
    assert "2009 workshop report (organiser not named)" in text
    assert "2020 press release (Eurojust)" in text


def test__scope_sentence__whole_english_corpus_needs_no_sentence_but_other_languages_are_named():
    manifest = pd.DataFrame({"meeting_id": ["a", "b"], "language": ["en", "en"]})
    assert synthesis.scope_sentence(manifest, 2) == ""
    manifest = pd.DataFrame({"meeting_id": ["a", "b"], "language": ["en", "fr"]})
    assert "1 of them (b) is not in English and is left out of the themes" in synthesis.scope_sentence(manifest, 2)


def test__theme_trends__a_rate_that_moves_on_a_handful_of_passages_is_no_clear_change():
    # 2 passages in 1,000 early words, 3 in 400 late words: the rate rises 3.75-fold, but such a split
    # is common with no change at all.
    segs = segments([(f"2009-a:00{i}", "A JIT.") for i in range(1, 3)] + [(f"2023-c:00{i}", "A JIT.") for i in range(1, 4)])
    coded = codes([(f"2009-a:00{i}", "jits", "jit") for i in range(1, 3)] + [(f"2023-c:00{i}", "jits", "jit") for i in range(1, 4)])
    trends = synthesis.theme_trends(coded, segs, overview([1000, 500, 400]), LABELS, MEETINGS).set_index("theme_id")
    assert trends.loc["jits", "late_per_1000_words"] > 3 * trends.loc["jits", "early_per_1000_words"]
    assert trends.loc["jits", "trend"] == "no clear change"


def test__clear_change__many_passages_in_the_same_words_make_a_rise_clear():
    assert synthesis.clear_change(2, 12, 1000, 1000)
    assert synthesis.clear_change(12, 2, 1000, 1000)
    assert not synthesis.clear_change(2, 3, 1000, 400)
    assert not synthesis.clear_change(0, 0, 1000, 1000)


def test__list_implemented__each_item_once_at_its_first_later_document_with_the_readers_note():
    follow = pd.DataFrame(
        {
            "recommendation_id": ["2009-a:R01", "2009-a:R01"],
            "later_meeting_id": ["2015-b", "2023-c"],
            "verdict": ["implemented", "implemented"],
            "segment_id": ["2015-b:003", "2023-c:061"],
            "reviewed": [True, True],
            "confidence": ["high", "high"],
            "decides": [True, True],
            "review_note": ["In part. ¶3: the network was set up.", "¶61: a subgroup of it was launched."],
        }
    )
    recs = pd.DataFrame({"recommendation_id": ["2009-a:R01"], "text": ["Set up a network."], "segment_id": ["2009-a:010"]})
    listed = synthesis.list_implemented({"followthrough": follow, "recommendations": recs})
    assert listed["evidence"].str.contains("2015-b").tolist() == [True]
    assert listed["review_note"].tolist() == ["In part. ¶3: the network was set up."]


def test__reader_note__drops_the_reviews_bookkeeping_and_keeps_a_qualifier():
    assert synthesis.reader_note("Corrected after a fresh reading (2 Dec 2026). ¶40: a legal possibility.") == (
        "¶40: a legal possibility."
    )
    assert synthesis.reader_note("In part, after a sixth fresh reading (2 Dec 2026). ¶2: held in 2021.") == (
        "In part. ¶2: held in 2021."
    )
    assert synthesis.reader_note("Corrected, loosely. ¶6 emphasises cooperation.") == "Loosely. ¶6 emphasises cooperation."
    assert synthesis.reader_note("A plain note.") == "A plain note."


def test__halves_dominated__names_a_document_holding_most_of_a_halfs_words():
    words = pd.DataFrame({"meeting_id": ["2009-a", "2018-b", "2021-c", "2023-d"], "n_words": ["800", "5200", "400", "3100"]})
    text = synthesis.halves_dominated(words, ["2009-a", "2018-b", "2021-c", "2023-d"])
    assert text.startswith("2018-b holds 87% of the earlier half's words; 2023-d holds 89% of the later half's words")
    even = words.assign(n_words=["1000", "1000", "1000", "1000"])
    assert synthesis.halves_dominated(even, ["2009-a", "2018-b", "2021-c", "2023-d"]) == ""


def test__in_part__counts_done_verdicts_a_note_qualifies():
    checked = pd.DataFrame(
        {"recommendation_id": ["a:R01", "a:R02"], "review_note": ["In part, after a reading. ¶2: held later.", "¶3: set up."]}
    )
    assert synthesis._in_part(checked) == " (1 of them only in part)"
    assert synthesis._in_part(checked.iloc[1:]) == ""
