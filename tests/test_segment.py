"""The segmenter: clean text, sentences, layout rules on tiny texts, and the five seed documents."""

import csv
import re

import pandas as pd
import pytest

from msmeetings.errors import InputError
from msmeetings.segment import (
    SEGMENT_COLUMNS,
    TEXT_KINDS,
    check_segments,
    clean_text,
    segment_document,
    split_sentences,
)

from .conftest import DATA

RESIDUE = re.compile(r"<u>|</u>|\*|\]\(|<<|>>|[⁰¹²³⁴⁵⁶⁷⁸⁹]")


def sentences_of(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def blocks_of(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["kind"] != "sentence"].reset_index(drop=True)


def kinds_and_texts(raw: str) -> list[tuple[str, str]]:
    return [(row.kind, row.text) for row in blocks_of(segment_document(raw, "m")).itertuples()]


# --- split_sentences -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Tools exist, e.g. JITs and coordination meetings, for this.",
        "Tools exist, i.e. Eurojust tools, for this.",
        "They forged passports, etc. And then documents.",
        "Issues: (i) complexity. (ii) costs were raised.",
        "See Decision No. 5 of the Council.",
        "Under Art. 3 of the Protocol cooperation is required.",
        "It applies in the EU. 2019 was different.",
        "A speech by J. Smith opened the meeting.",
        "Cases rose to 80.6 % of the total.",
        "As set out in section 1.1. Eurojust acted.",
        "Officers from the U.K. Border Force attended.",
    ],
)
def test__split_sentences__does_not_split_at_abbreviations_numbers_or_initials(text):
    assert sentences_of(text) == [text]


def test__split_sentences__splits_after_stop_question_and_exclamation():
    text = "The case closed. Was it useful? It was! 12 suspects were convicted."
    assert sentences_of(text) == ["The case closed.", "Was it useful?", "It was!", "12 suspects were convicted."]


def test__split_sentences__keeps_closing_quote_with_its_sentence():
    text = "He said 'cooperate now.' The Commission agreed. She asked \"why?\" Nobody knew."
    assert sentences_of(text) == [
        "He said 'cooperate now.'",
        "The Commission agreed.",
        'She asked "why?"',
        "Nobody knew.",
    ]


def test__split_sentences__splits_after_eu_at_a_real_sentence_end():
    assert sentences_of("It was agreed within the EU. The Commission will report.") == [
        "It was agreed within the EU.",
        "The Commission will report.",
    ]


def test__split_sentences__does_not_split_before_a_lowercase_word():
    assert sentences_of("Guidelines on 'Which jurisdiction should prosecute?' or the JIT model.") == [
        "Guidelines on 'Which jurisdiction should prosecute?' or the JIT model."
    ]


def test__split_sentences__text_without_final_stop_is_one_sentence():
    assert split_sentences("  Information sharing ") == [(2, 21)]


# --- clean_text -----------------------------------------------------------------------------


def test__clean_text__removes_markup_and_keeps_link_text():
    raw = "<u>Eurojust</u> and **Greece** used *Hawala*¹; see the [infographic](#) and <<page>>."
    assert clean_text(raw) == "Eurojust and Greece used Hawala; see the infographic and page."


def test__clean_text__removes_multi_digit_footnote_marks():
    assert clean_text("operations¹⁰ are ongoing, as in the *Halifax* case¹¹.") == (
        "operations are ongoing, as in the Halifax case."
    )


def test__clean_text__normalises_spaces_and_keeps_thousands_separators():
    assert clean_text("\u00a0 12\u00a0000 migrants\u2009and  19\u202f215 contributions\t ") == (
        "12 000 migrants and 19 215 contributions"
    )


def test__clean_text__slice_starting_inside_a_link():
    assert clean_text("here](#). Next") == "here. Next"


# --- layout rules on tiny documents ------------------------------------------------------------

PARAGRAPH = "The meeting discussed cooperation between prosecutors of many States in great detail."


def test__segment_document__short_bare_line_before_paragraph_is_heading():
    raw = f"Background and Purpose\n\n{PARAGRAPH}\n"
    df = segment_document(raw, "m")
    assert kinds_and_texts(raw) == [("heading", "Background and Purpose"), ("paragraph", PARAGRAPH)]
    assert blocks_of(df).loc[1, "section_title"] == "Background and Purpose"
    assert blocks_of(df).loc[1, "section"] == ""


def test__segment_document__dateline_and_attribution_are_not_headings():
    raw = f"The Hague, 29 May 2020\n\n{PARAGRAPH}\n\nFilippo Spiezia, Chair of the Team\n\n{PARAGRAPH}\n"
    assert [kind for kind, _ in kinds_and_texts(raw)] == ["paragraph"] * 4


def test__segment_document__numbered_heading_sets_section():
    raw = f"2.1. Judicial cooperation experience\n\n{PARAGRAPH}\n\n14.1. Latest developments\n\n{PARAGRAPH}\n"
    blocks = blocks_of(segment_document(raw, "m"))
    assert blocks["kind"].tolist() == ["heading", "paragraph", "heading", "paragraph"]
    assert blocks["section"].tolist() == ["2.1", "2.1", "14.1", "14.1"]
    assert blocks.loc[1, "section_title"] == "Judicial cooperation experience"
    assert blocks.loc[0, "text"] == "2.1. Judicial cooperation experience"


def test__segment_document__numbered_actions_after_colon_are_list_items():
    raw = (
        "National authorities are encouraged to:\n\n"
        "1. refer more cases to Eurojust;\n2. fully utilise JITs; and\n\n"
        "3. Continue the dialogue with Frontex.\n"
    )
    blocks = blocks_of(segment_document(raw, "m"))
    items = blocks[blocks["kind"] == "list_item"]
    assert items["list_number"].tolist() == [1, 2, 3]
    assert items["text"].tolist() == [
        "refer more cases to Eurojust;",
        "fully utilise JITs; and",
        "Continue the dialogue with Frontex.",
    ]


def test__segment_document__short_lines_after_colon_are_an_unnumbered_list():
    raw = (
        f"{PARAGRAPH}\n\nThe Workshop adopted the following recommendations:\n\n"
        "National capacity building and training\n\nStrengthening regional cooperation\n\n"
        "Information sharing\n"
    )
    blocks = blocks_of(segment_document(raw, "m"))
    items = blocks[blocks["kind"] == "list_item"]
    assert items["text"].tolist() == [
        "National capacity building and training",
        "Strengthening regional cooperation",
        "Information sharing",
    ]
    assert items["list_number"].tolist() == [1, 2, 3]


def test__segment_document__bullets_and_nested_bullets():
    raw = "Suggested:\n\n- the first point;\n - a nested point;\n- **the last** point.\n"
    blocks = blocks_of(segment_document(raw, "m"))
    bullets = blocks[blocks["kind"] == "bullet"]
    assert bullets["level"].tolist() == [0, 1, 0]
    assert bullets["text"].tolist() == ["the first point;", "a nested point;", "the last point."]


def test__segment_document__footnote_is_linked_to_the_citing_block():
    raw = f"Cases remain low⁴ given the problem.\n\n{PARAGRAPH}\n\n⁴ Fewer than 3% of cases.\n"
    blocks = blocks_of(segment_document(raw, "m"))
    citing, footnote = blocks.iloc[0], blocks.iloc[2]
    assert citing["footnote_refs"] == "4" and citing["text"] == "Cases remain low given the problem."
    assert footnote["kind"] == "footnote" and footnote["footnote_number"] == 4
    assert footnote["parent_id"] == citing["segment_id"]
    assert footnote["text"] == "Fewer than 3% of cases."


def test__segment_document__joins_a_paragraph_cut_by_a_page_break():
    raw = "Operation Kabat exemplifies successful¹\n\n¹ A footnote.\n\n<<\n>>\ncooperation with other States.\n"
    df = segment_document(raw, "m")
    blocks = blocks_of(df)
    assert blocks["kind"].tolist() == ["paragraph", "footnote"]
    joined = blocks.iloc[0]
    assert joined["text"] == "Operation Kabat exemplifies successful cooperation with other States."
    assert (joined["char_start"], joined["char_end"]) == (0, len(raw) - 1)
    assert df[df["kind"] == "sentence"]["text"].tolist() == [joined["text"], "A footnote."]


def test__segment_document__does_not_join_a_lead_in_with_its_bullets():
    raw = "The group will regularly\n\n- share best practices;\n- study routes.\n"
    assert [kind for kind, _ in kinds_and_texts(raw)] == ["paragraph", "bullet", "bullet"]


def test__segment_document__publisher_furniture_is_boilerplate():
    raw = (
        f"{PARAGRAPH}\n\nPhoto © Shutterstock\n\nEUROJUST\n\n"
        "Agency, Street 9, 2517 JR City\nwww.agency.europa.eu • info@agency.europa.eu • +31 70 412 5000\n\n"
        "Catalogue number: QP-09 • ISBN: 978-92-9404-228-6 • DOI: 10.2812/788806\n\n"
        "The agency is part of the Union\n"
    )
    kinds = [kind for kind, _ in kinds_and_texts(raw)]
    assert kinds == ["paragraph"] + ["boilerplate"] * 6


def test__segment_document__cover_before_contents_and_contents_rows():
    raw = (
        "Meeting on migrant smuggling\n\nOutcome Report\n\nContents\n\n"
        "Introduction.....\t2\n1. Conclusions\t3\n\n"
        f"Introduction\n\n{PARAGRAPH}\n\n1. Conclusions\n\n{PARAGRAPH}\n"
    )
    blocks = blocks_of(segment_document(raw, "m"))
    assert blocks["kind"].tolist() == ["boilerplate"] * 2 + ["contents"] * 3 + ["heading", "paragraph"] * 2
    assert blocks.loc[3, "text"] == "Introduction"
    assert blocks.loc[4, "text"] == "1. Conclusions"


def test__segment_document__lone_tab_separated_line_is_not_contents():
    raw = f"Short title\n\n{PARAGRAPH}\n\nBelgium\t12\n\n{PARAGRAPH}\n"
    kinds = [kind for kind, _ in kinds_and_texts(raw)]
    assert "contents" not in kinds and "boilerplate" not in kinds  # no table of contents, so no cover page


def test__segment_document__paragraph_next_to_a_web_address_stays_text():
    raw = f"{PARAGRAPH} It was a long and detailed discussion of many cases.\nwww.agency.europa.eu\n"
    assert [kind for kind, _ in kinds_and_texts(raw)] == ["paragraph", "boilerplate"]


def test__segment_document__repeated_title_line_is_boilerplate_after_first():
    funding = "This workshop would not have been possible without the support of the Union"
    raw = f"{funding}\n\n{PARAGRAPH}\n\n{funding}\n\npeople smuggling human smuggling\n"
    assert [kind for kind, _ in kinds_and_texts(raw)] == ["paragraph", "paragraph", "boilerplate", "boilerplate"]


def test__segment_document__whitespace_lines_are_blank_and_indented_lines_are_paragraphs():
    raw = f"\u00a0\n \n {PARAGRAPH}\n\u00a0\n"
    df = segment_document(raw, "m")
    assert kinds_and_texts(raw) == [("paragraph", PARAGRAPH)]
    assert df.loc[0, "char_start"] == raw.index("The")


def test__segment_document__sentences_map_to_raw_offsets():
    raw = "**Greece** presented cases¹. The [report](#) was published.\n\n¹ A note.\n"
    df = segment_document(raw, "m")
    sentences = df[df["kind"] == "sentence"]
    for row in sentences.itertuples():
        assert clean_text(raw[row.char_start : row.char_end]) == row.text
    assert sentences["footnote_refs"].tolist() == ["1", "", ""]
    assert sentences["segment_id"].tolist() == ["m:001.01", "m:001.02", "m:002.01"]


def test__segment_document__columns_and_dtypes_are_stable():
    df = segment_document(f"Background\n\n{PARAGRAPH}\n", "m")
    assert list(df.columns) == SEGMENT_COLUMNS
    assert str(df["list_number"].dtype) == "Int64" and str(df["char_start"].dtype) == "Int64"
    assert not df[["section", "parent_id", "footnote_refs", "text"]].isna().any().any()


@pytest.mark.parametrize("raw", ["", " \n\u00a0\n", "<<\n>>\n**\n"])
def test__segment_document__empty_document_is_refused(raw):
    with pytest.raises(InputError, match="empty"):
        segment_document(raw, "m")


# --- check_segments ---------------------------------------------------------------------------


@pytest.fixture
def small_segments():
    raw = f"{PARAGRAPH} It ends here.\n"
    return raw, segment_document(raw, "m")


def test__check_segments__accepts_segmenter_output(small_segments):
    raw, df = small_segments
    check_segments(df, {"m": raw})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda df: df.assign(segment_id="m:001"), "duplicate segment_id"),
        (lambda df: df.assign(text=["x", "", "y"]), "empty text"),
        (lambda df: df.assign(char_end=df["char_end"] + 500), "offsets"),
        (lambda df: df.assign(char_start=df["char_end"]), "offsets"),
        (lambda df: df.assign(parent_id=["", "m:099", "m:001"]), "no parent"),
        (lambda df: df.assign(parent_id=["m:099", "m:001", "m:001"]), "no parent"),
    ],
)
def test__check_segments__refuses_broken_tables(small_segments, change, message):
    raw, df = small_segments
    with pytest.raises(InputError, match=message):
        check_segments(change(df), {"m": raw})


# --- the seed documents -----------------------------------------------------------------------


def load_seeds() -> dict[str, str]:
    with (DATA / "meetings.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["meeting_id"]: (DATA / "raw" / row["source_file"]).read_bytes().decode("utf-8") for row in rows}


SEEDS = load_seeds()
SEGMENTS = {meeting_id: segment_document(raw, meeting_id) for meeting_id, raw in SEEDS.items()}


def sections(meeting_id: str) -> set[str]:
    df = SEGMENTS[meeting_id]
    return set(df.loc[df["kind"] == "heading", "section"]) - {""}


def test__segment_document__2018_sections_footnotes_and_actions():
    df = SEGMENTS["2018-hague"]
    assert {"1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "3", "4"} <= sections("2018-hague")
    footnotes = df[df["kind"] == "footnote"]
    assert footnotes["footnote_number"].tolist() == list(range(1, 12))
    by_id = df.set_index("segment_id")
    for row in footnotes.itertuples():
        assert str(row.footnote_number) in by_id.loc[row.parent_id, "footnote_refs"].split(";")
    fourth = footnotes[footnotes["footnote_number"] == 4].iloc[0]
    assert "fewer than 3%" in fourth["text"]
    cited_by = by_id.loc[fourth["parent_id"], "text"]
    assert "The number of migrant smuggling cases at Eurojust has increased" in cited_by
    actions = df[df["kind"] == "list_item"]
    assert actions["list_number"].tolist() == list(range(1, 14))
    assert actions.iloc[0]["text"].startswith("refer more migrant smuggling cases")


def test__segment_document__2018_paragraphs_cut_by_footnotes_are_one_block():
    blocks = blocks_of(SEGMENTS["2018-hague"])
    for tail, head in [
        ("as the crimes are", "committed while passing through several States"),
        ("Operation Kabat exemplifies successful", "cooperation with other States"),
        ("The case concerned an OCG suspected of", "facilitating unlawful"),
        ("would not bring any benefits", "at the moment."),
        ("A new", "methodology has been"),
    ]:
        hits = blocks[blocks["text"].str.contains(f"{tail} {head}", regex=False)]
        assert len(hits) == 1, tail
        assert "hawala system is characterised" not in hits.iloc[0]["text"]
    paragraphs = blocks[blocks["kind"] == "paragraph"]
    assert not paragraphs["text"].str.match(r"[a-z]").any()


def test__segment_document__2009_recommendations_and_headings():
    blocks = blocks_of(SEGMENTS["2009-cairo"])
    items = blocks[blocks["kind"] == "list_item"]
    assert items["list_number"].tolist() == [1, 2, 3, 4, 5]
    assert items.iloc[-1]["text"] == "Information sharing"
    headings = blocks.loc[blocks["kind"] == "heading", "text"].tolist()
    assert headings == ["Background and Purpose", "Recommendation statement adopted by workshop participants"]
    boilerplate = blocks.loc[blocks["kind"] == "boilerplate", "text"].tolist()
    assert "people smuggling human smuggling" in boilerplate


def test__segment_document__2023_sections_bullets_footer_and_contents():
    df = SEGMENTS["2023-hague"]
    assert {"1", "2", "3", "4", "5", "6"} <= sections("2023-hague")
    blocks = blocks_of(df)
    start = blocks.index[blocks["text"].str.contains("the WACAP representative suggested:")][0]
    assert blocks.loc[start + 1 : start + 3, "level"].tolist() == [1, 1, 1]
    assert blocks.loc[start + 4, "kind"] == "heading"
    boilerplate = blocks.loc[blocks["kind"] == "boilerplate", "text"]
    assert boilerplate.str.contains("ISBN: 978-92-9404-228-6").any()
    assert boilerplate.str.contains("EUROJUST").any()
    assert "contents" not in TEXT_KINDS and (blocks["kind"] == "contents").sum() == 8


def test__segment_document__2020_and_2021_web_residue():
    for meeting_id in ("2020-hague-press", "2021-annual"):
        assert not SEGMENTS[meeting_id]["text"].str.contains(r"<u>|\*\*|\]\(#\)|<<", regex=True).any()
    assert "14.1" in sections("2021-annual")
    boilerplate_2020 = blocks_of(SEGMENTS["2020-hague-press"]).query("kind == 'boilerplate'")["text"].tolist()
    assert boilerplate_2020[0] == "Please also see:" and boilerplate_2020[-1] == "Photo © Shutterstock"
    boilerplate_2021 = blocks_of(SEGMENTS["2021-annual"]).query("kind == 'boilerplate'")["text"].tolist()
    assert boilerplate_2021 == [
        "Migrant Smuggling In Focus - Issue 1 (October 2021)",
        "Published: October 2021",
        "Read the In Focus",
    ]


@pytest.mark.parametrize("meeting_id", sorted(SEEDS))
def test__segment_document__seed_text_is_clean_and_traceable(meeting_id):
    raw, df = SEEDS[meeting_id], SEGMENTS[meeting_id]
    assert not df["text"].str.contains(RESIDUE).any()
    assert df["segment_id"].is_unique
    check_segments(df, {meeting_id: raw})
    joined = set()
    for row in df[df["kind"] != "sentence"].itertuples():
        span = raw[row.char_start : row.char_end]
        if clean_text(span) != row.text:
            # Joined across a page break: the raw range also holds the footnotes in between.
            lines = span.split("\n")
            assert row.text.startswith(clean_text(lines[0]) + " ")
            assert row.text.endswith(" " + clean_text(lines[-1]))
            joined.add(row.segment_id)
    for row in df[df["kind"] == "sentence"].itertuples():
        assert clean_text(raw[row.char_start : row.char_end]) == row.text or row.parent_id in joined
    assert len(joined) == (4 if meeting_id == "2018-hague" else 0)
    sentences = df[df["kind"] == "sentence"]
    assert set(sentences["parent_id"]) <= set(df.loc[df["kind"].isin(TEXT_KINDS), "segment_id"])


@pytest.mark.parametrize("meeting_id", sorted(SEEDS))
def test__segment_document__is_deterministic(meeting_id):
    pd.testing.assert_frame_equal(segment_document(SEEDS[meeting_id], meeting_id), SEGMENTS[meeting_id])
