"""Tests of msmeetings.quantities: number forms, traps, bad input, the corpus table, validation."""

import math
from pathlib import Path

import pandas as pd
import pytest

from msmeetings import quantities as Q
from msmeetings import tables
from msmeetings.errors import InputError
from msmeetings.segment import SEGMENT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "data" / "validation" / "quantities_gold.csv"


def one(text: str) -> dict:
    """The single quantity of a text (fails if there is not exactly one)."""
    found = Q.extract_quantities(text)
    assert len(found) == 1, found
    return found[0]


def values(text: str) -> list[tuple]:
    return [(q["value"], q["unit"], q["qualifier"]) for q in Q.extract_quantities(text)]


def reasons(text: str) -> list[str]:
    return [s["reason"] for s in Q.scan_quantities(text)[1]]


# --- number forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Europol identified 12 000 migrant smugglers.", 12000),
        ("Europol identified 12\u2009000 migrant smugglers.", 12000),  # thin space
        ("Europol identified 12\u00a0000 migrant smugglers.", 12000),  # no-break space
        ("The EMSC received 19 215 contributions.", 19215),
        ("Police arrested 1,250 suspects.", 1250),
        ("Police arrested 1.000.000 suspects.", 1_000_000),  # European grouping
        ("Police arrested 1 000 000 suspects.", 1_000_000),
        ("Nine suspects were arrested.", 9),
        ("They formed twenty-one teams.", 21),
        ("A dozen suspects were arrested.", 12),
        ("Police arrested ١٢٠ suspects.", 120),  # Arabic-Indic digits
        ("Police arrested １２ suspects.", 12),  # full-width digits
    ],
)
def test__extract_quantities__number_forms(text, value):
    quantity = one(text)
    assert quantity["value"] == value
    assert quantity["unit"] == "count"


def test__extract_quantities__non_ascii_digits_keep_their_text_and_offsets():
    text = "Police arrested ١٢٠ suspects."
    quantity = one(text)
    assert quantity["value_text"] == "١٢٠"
    assert text[quantity["char_start"] : quantity["char_end"]] == "١٢٠"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("80.6 % of the suspects were convicted.", 80.6, "percent"),
        ("They were fewer than 3% of the cases.", 3, "percent"),
        ("Some 40 per cent of cases were closed.", 40, "percent"),
        ("EUR 121 650 and other valuables were confiscated.", 121650, "EUR"),
        ("Assets of 121 650 euros were confiscated.", 121650, "EUR"),
        ("Assets of €2 million were seized.", 2_000_000, "EUR"),
        ("Assets of EUR 4.3 million were seized.", 4_300_000, "EUR"),
        ("Profits reached EUR 2.5 billion.", 2_500_000_000, "EUR"),
        ("Profits reached €2m.", 2_000_000, "EUR"),
        ("Profits reached EUR 400000.", 400000, "EUR"),
        ("Profits reached 5 thousand euros.", 5000, "EUR"),
        ("A JIT is signed for six months.", 6, "months"),
    ],
)
def test__extract_quantities__units_currencies_multipliers(text, value, unit):
    quantity = one(text)
    assert math.isclose(quantity["value"], value)
    assert quantity["unit"] == unit


def test__extract_quantities__currency_value_text_includes_code_and_multiplier():
    assert one("Assets of EUR 4.3 million were seized.")["value_text"] == "EUR 4.3 million"
    assert one("Assets of 121 650 euros were seized.")["value_text"] == "121 650 euros"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Europol coordinated more than 300 investigations.", "more_than"),
        ("Europol coordinated over 300 investigations.", "more_than"),
        ("At least 100 migrants were smuggled.", "at_least"),
        ("They were fewer than 3% of the cases.", "fewer_than"),
        ("Profits of approximately EUR 400000 were made.", "approx"),
        ("Nearly 50 suspects were arrested.", "approx"),
        ("Up to 20 suspects were arrested.", "up_to"),
        ("Exactly 20 suspects were arrested.", "exact"),
    ],
)
def test__extract_quantities__qualifiers(text, qualifier):
    assert one(text)["qualifier"] == qualifier


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("An anticipated duration of 12 to 18 months.", 12, 18, "months"),
        ("An anticipated duration of 12-18 months.", 12, 18, "months"),
        ("Between 20 and 30 migrants were rescued.", 20, 30, "count"),
        ("Fines of EUR 2-3 million were imposed.", 2_000_000, 3_000_000, "EUR"),
    ],
)
def test__extract_quantities__ranges(text, low, high, unit):
    quantity = one(text)
    found = (quantity["value"], quantity["value_high"], quantity["unit"], quantity["qualifier"])
    assert found == (low, high, unit, "range")


def test__extract_quantities__ordinal_only_for_series_and_phases():
    assert values("The meeting was the seventh in a series that started in 2015.") == [(7, "ordinal", "exact")]
    assert values("The new project cycle (sixth phase) will cover 2024 to 2028.") == [(6, "ordinal", "exact")]
    assert values("For the second time, the group met in the fourth session.") == []
    assert values("The 7th in a series took place; the 2nd session followed.") == [(7, "ordinal", "exact")]


def test__extract_quantities__one_and_articles_are_not_counts():
    assert values("One major investigation was conducted by one person.") == []
    assert values("A case was referred to a prosecutor.") == []


# --- traps: things that are not quantities ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The meeting took place on 30-31 May 2018.", "date"),
        ("From 6 to 7 of July, prosecutors met in Cairo.", "date"),
        ("The Hague, 8 and 9 November 2023.", "date"),
        ("The booklet was published on May 29, 2020.", "date"),
        ("The Focus Group met in November 2020.", "date"),
        ("Cases rose in 2019.", "year"),
        ("Cases from the period 2015-2017.", "year range"),
        ("The cycle runs from 2024 to 2028.", "year range"),
        ("A team set up under Article 19 of UNTOC.", "article number"),
        ("As provided for in Article 1(2) of the Directive.", "article number"),
        ("As mandated by Security Council Resolution 1973 (2011).", "resolution number"),
        ("Council Directive 2002/90/EC defines facilitation.", "directive number"),
        ("See Council document 15250/18 for details.", "document number"),
        ("See Section 6 above for details.", "section number"),
        ("See infra, page 7.", "page number"),
        ("Migrant Smuggling In Focus - Issue 1 was published.", "issue number"),
        ("Call +31 70 412 5000 for details.", "phone number"),
        ("Johan de Wittlaan 9, 2517 JR The Hague.", "postcode"),
        ("Johan de Wittlaan 9, 2517 JR The Hague.", "street address"),
        ("ISBN: 978-92-9404-228-6", "ISBN"),
        ("DOI: 10.2812/788806", "DOI"),
        ("Catalogue number: QP-09-24-099-EN-N", "catalogue number"),
        ("The EU4FAST project was launched.", "code or name containing digits"),
        ("Cooperation with 3rd countries improved.", "ordinal number"),
        ("14.1. Latest developments", "list or section number"),
        ("1. refer more migrant smuggling cases to Eurojust;", "list or section number"),
    ],
)
def test__scan_quantities__traps_are_skipped_with_reason(text, reason):
    found, skips = Q.scan_quantities(text)
    assert found == []
    assert reason in [s["reason"] for s in skips]


def test__scan_quantities__date_range_is_not_a_quantity_range():
    # "30-31 May" would otherwise read as the range 30 to 31.
    assert values("Eurojust, The Hague, 30-31 May 2018") == []


def test__scan_quantities__year_counts_when_it_counts_something():
    assert values("More than 2000 migrants were rescued.") == [(2000, "count", "more_than")]
    assert values("In 2019 arrests rose.") == []
    assert values("The 1951 UN Refugee Convention applies.") == []


def test__scan_quantities__forty_digit_number_is_skipped():
    text = "A number 1234567890123456789012345678901234567890 appeared."
    found, skips = Q.scan_quantities(text)
    assert found == []
    assert skips[0]["reason"].startswith("number too long")


def test__scan_quantities__currency_without_number_is_skipped():
    found, skips = Q.scan_quantities("Payments were made in EUR and in € through hawala.")
    assert found == []
    assert [s["reason"] for s in skips] == ["currency without number", "currency without number"]


@pytest.mark.parametrize("text", ["", "   ", "1,2,3", "٣.٣.", "12 000 000 000 000 000 000", "…", "EUR", "$$$", "0"])
def test__scan_quantities__odd_input_never_crashes(text):
    found, skips = Q.scan_quantities(text)
    assert isinstance(found, list) and isinstance(skips, list)


def test__scan_quantities__every_digit_is_accounted_for():
    # A digit is either part of a quantity or recorded as skipped: nothing is silently lost.
    text = "The codes 1,2,3 and 45 suspects."
    found, skips = Q.scan_quantities(text)
    covered = {i for q in found for i in range(q["char_start"], q["char_end"])}
    covered |= {i for s in skips for i in range(s["char_start"], s["char_end"])}
    assert all(i in covered for i, ch in enumerate(text) if ch.isdigit())


# --- what is counted, category, actor, period ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "counted", "category"),
    [
        (
            "Europol coordinated more than 300 cross-border investigations.",
            "cross-border investigations",
            "investigations",
        ),
        (
            "It resulted in the identification of 12 000 migrant smugglers.",
            "migrant smugglers identified",
            "enforcement",
        ),
        (
            "Action days led to the apprehension of 449 migrant smugglers.",
            "migrant smugglers apprehended",
            "enforcement",
        ),
        ("In Sweden 360 suspects have been arrested for migrant smuggling.", "suspects arrested", "enforcement"),
        ("The TF achieved 9 OCGs prosecuted.", "OCGs prosecuted", "enforcement"),
        ("80.6 % of the suspects were finally convicted.", "suspects convicted", "enforcement"),
        ("EUR 121 650 and other valuables were confiscated.", "money confiscated", "money"),
        ("7 migrants were safeguarded.", "migrants safeguarded", "people smuggled or safeguarded"),
        ("12 joint investigation teams received support.", "joint investigation teams", "cooperation instruments"),
        ("939 travel documents were confiscated.", "travel documents confiscated", "documents"),
        ("Delegates came from 25 countries.", "countries", "participation"),
        ("Currently, 10 civilian missions are in progress.", "civilian missions", "institutional"),
        ("The money moved in three different ways.", "different ways", "other"),
    ],
)
def test__extract_quantities__counted_and_category(text, counted, category):
    quantity = one(text)
    assert (quantity["counted"], quantity["category"]) == (counted, category)


def test__extract_quantities__of_which_inherits_what_is_counted():
    found = Q.extract_quantities("939 travel documents were confiscated, 620 of which were recorded as lost or stolen.")
    counted = [q["counted"] for q in found]
    assert counted == ["travel documents confiscated", "travel documents recorded as lost or stolen"]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("In 2023, Europol coordinated more than 300 cross-border investigations.", "Europol"),
        ("Joint Action Days coordinated by Frontex in 2022 resulted in 449 arrests.", "Frontex"),
        ("So far, the work of the TF resulted in 96 arrests.", "Serbian task force"),
        ("In 2019, Eurojust supported 187 investigations.", "Eurojust"),
        ("Police in the town arrested 12 suspects.", ""),
    ],
)
def test__extract_quantities__actor_from_sentence(text, actor):
    assert one(text)["actor"] == actor


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("In 2023, Europol coordinated more than 300 investigations.", "2023"),
        ("Migrant smuggling cases in the period 2015-2017 represent fewer than 3% of the cases.", "2015-2017"),
        ("The conviction of 20 suspects in October 2023 was reported.", "2023"),
        ("The group, which started in 2015, had 40 participants.", ""),
        ("So far, the TF made 96 arrests.", ""),
    ],
)
def test__extract_quantities__reference_period(text, period):
    assert one(text)["reference_period"] == period


# --- the corpus table ---------------------------------------------------------------------


def make_segments(rows: list[dict]) -> pd.DataFrame:
    """A segments table with the given rows; missing columns get empty values."""
    filled = [{c: row.get(c, "") for c in SEGMENT_COLUMNS} for row in rows]
    return pd.DataFrame(filled, columns=SEGMENT_COLUMNS)


def test__scan_corpus_quantities__ids_offsets_and_actor_from_context():
    raw = "Greece presented cases. At least **100** migrants were smuggled."
    block_text = "Greece presented cases. At least 100 migrants were smuggled."
    segments = make_segments(
        [
            {
                "segment_id": "m:001",
                "meeting_id": "m",
                "kind": "paragraph",
                "section": "1",
                "section_title": "Transit",
                "text": block_text,
                "char_start": 0,
                "char_end": len(raw),
            },
            {
                "segment_id": "m:001.01",
                "meeting_id": "m",
                "kind": "sentence",
                "section": "1",
                "section_title": "Transit",
                "parent_id": "m:001",
                "text": "Greece presented cases.",
                "char_start": 0,
                "char_end": 23,
            },
            {
                "segment_id": "m:001.02",
                "meeting_id": "m",
                "kind": "sentence",
                "section": "1",
                "section_title": "Transit",
                "parent_id": "m:001",
                "text": "At least 100 migrants were smuggled.",
                "char_start": 24,
                "char_end": len(raw),
            },
        ]
    )
    quantities, skips = Q.scan_corpus_quantities(segments, {"m": raw})
    assert list(quantities.columns) == tables.column_names("quantities")
    row = quantities.iloc[0]
    assert row["quantity_id"] == "m:001.02#q1"
    assert raw[row["char_start"] : row["char_end"]] == "100"  # raw offsets, markup skipped
    assert row["actor"] == "Greek authorities"  # the presenter of the section
    assert row["qualifier"] == "at_least"
    assert skips.empty


def test__scan_corpus_quantities__empty_segment_and_missing_column():
    segments = make_segments(
        [
            {
                "segment_id": "m:001.01",
                "meeting_id": "m",
                "kind": "sentence",
                "parent_id": "m:001",
                "text": "",
                "char_start": 0,
                "char_end": 0,
            },
        ]
    )
    quantities, skips = Q.scan_corpus_quantities(segments)
    assert quantities.empty and skips.empty
    with pytest.raises(InputError, match="missing column"):
        Q.scan_corpus_quantities(segments.drop(columns=["parent_id"]))


def test__scan_corpus_quantities__same_input_same_output():
    segments = make_segments(
        [
            {
                "segment_id": "m:001.01",
                "meeting_id": "m",
                "kind": "sentence",
                "parent_id": "m:001",
                "text": "In 2019, Eurojust supported 187 investigations, 86 of which were started in 2019.",
                "char_start": 0,
                "char_end": 80,
            },
        ]
    )
    first = Q.scan_corpus_quantities(segments)[0].to_csv(index=False)
    assert first == Q.scan_corpus_quantities(segments)[0].to_csv(index=False)
    assert "86" in first


# --- validation, comparability, tables ----------------------------------------------------


def test__score_quantities__precision_recall_and_qualifier():
    gold = pd.DataFrame(
        {
            "meeting_id": ["m", "m"],
            "value": [300.0, 12.0],
            "unit": ["count", "count"],
            "qualifier": ["more_than", "exact"],
        }
    )
    extracted = pd.DataFrame(
        {"meeting_id": ["m", "m"], "value": [300.0, 5.0], "unit": ["count", "count"], "qualifier": ["exact", "exact"]}
    )
    overall = Q.score_quantities(extracted, gold).set_index("meeting_id").loc["all"]
    assert (overall["precision"], overall["recall"], overall["qualifier_agreement"]) == (0.5, 0.5, 0.0)


def test__load_quantity_gold__rejects_bad_qualifier(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text("meeting_id,value,unit,qualifier,counted_hint,sentence_snippet\nm,3,count,roughly,x,y\n")
    with pytest.raises(InputError, match="line 2: qualifier 'roughly'"):
        Q.load_quantity_gold(path)


def test__assess_comparability__different_bodies_only_look_alike():
    quantities = pd.DataFrame(
        {
            "quantity_id": ["a#q1", "b#q1"],
            "meeting_id": ["2020", "2023"],
            "value": [187.0, 300.0],
            "unit": ["count", "count"],
            "counted": ["investigations coordinated", "cross-border investigations"],
            "category": ["investigations", "investigations"],
            "actor": ["Eurojust", "Europol"],
            "reference_period": ["2019", "2023"],
        }
    )
    table = Q.assess_comparability(quantities)
    row = table.set_index("comparison").loc["investigations"]
    assert row["verdict"] == "only look alike"
    assert "different reporting bodies" in row["reason"]


def test__assess_comparability__same_body_and_definition_over_time_is_same_thing():
    quantities = pd.DataFrame(
        {
            "quantity_id": ["a#q1", "b#q1"],
            "meeting_id": ["2020", "2023"],
            "value": [12.0, 20.0],
            "unit": ["count", "count"],
            "counted": ["joint investigation teams", "joint investigation teams"],
            "category": ["cooperation instruments"] * 2,
            "actor": ["Eurojust", "Eurojust"],
            "reference_period": ["2019", "2022"],
        }
    )
    assert Q.assess_comparability(quantities)["verdict"].tolist() == ["same thing"]


def test__format_quantity__reads_like_prose():
    assert Q.format_quantity(300, "count", "more_than") == "more than 300"
    assert Q.format_quantity(121650, "EUR") == "EUR 121,650"
    assert Q.format_quantity(12, "months", "range", 18) == "12–18 months"
    assert Q.format_quantity(80.6, "percent") == "80.6 %"


# --- the real seeds -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_quantities():
    from msmeetings.corpus import build_segments, load_manifest, read_document

    meetings = load_manifest(ROOT / "data" / "meetings.csv", ROOT / "data" / "raw")
    raw = {m.meeting_id: read_document(ROOT / "data" / "raw" / m.source_file) for m in meetings}
    segments = build_segments(meetings, ROOT / "data" / "raw")
    quantities, skips = Q.scan_corpus_quantities(segments, raw)
    return raw, segments, quantities, skips


def test__scan_corpus_quantities__seeds_meet_the_precision_and_recall_target(seed_quantities):
    _, _, quantities, _ = seed_quantities
    scores = Q.score_quantities(quantities, Q.load_quantity_gold(GOLD)).set_index("meeting_id").loc["all"]
    assert scores["precision"] >= 0.95
    assert scores["recall"] >= 0.95


def test__scan_corpus_quantities__seed_offsets_point_at_the_value(seed_quantities):
    raw, segments, quantities, _ = seed_quantities
    Q.check_quantities(quantities, segments)
    for row in quantities.itertuples(index=False):
        assert raw[row.meeting_id][row.char_start : row.char_end] == row.value_text


def test__scan_corpus_quantities__seed_traps_are_not_quantities(seed_quantities):
    _, _, quantities, skips = seed_quantities
    texts = set(skips["text"])
    assert {"Article 19", "Resolution 1973 (2011)", "Council document 15250/18", "2015-2017", "30-31 May 2018"} <= texts
    assert not quantities["value"].isin([1973.0, 15250.0, 2002.0]).any()


def test__load_quantity_gold__every_snippet_is_in_its_seed(seed_quantities):
    # The gold list was written from the texts: each snippet must be found in the clean text.
    raw, segments, _, _ = seed_quantities
    gold = Q.load_quantity_gold(GOLD)
    text_by_meeting = segments[segments["kind"] != "sentence"].groupby("meeting_id")["text"].agg(" ".join)
    for row in gold.itertuples(index=False):
        assert row.sentence_snippet in text_by_meeting[row.meeting_id], row.sentence_snippet


def test__describe_validation__nothing_to_validate_and_target():
    empty = Q.score_quantities(
        pd.DataFrame(columns=["meeting_id", "value", "unit", "qualifier"]),
        pd.DataFrame(columns=["meeting_id", "value", "unit", "qualifier"]),
        ["m"],
    )
    text = Q.describe_validation(empty, 0.95, ["m"])
    assert "There is nothing to validate" in text and "m has no gold and is not scored" in text
    gold = pd.DataFrame(
        {"meeting_id": ["m", "m"], "value": [1.0, 2.0], "unit": ["count", "count"], "qualifier": ["exact", "exact"]}
    )
    half = Q.score_quantities(gold.iloc[:1], gold)
    assert "**not met**" in Q.describe_validation(half, 0.95)


def test__plot_figures_over_time__log_scale_and_one_label_per_figure():
    quantities = pd.DataFrame(
        {
            "quantity_id": ["a#q1", "b#q1", "b#q2"],
            "meeting_id": ["m1", "m2", "m2"],
            "value": [12.0, 12000.0, 449.0],
            "value_high": [float("nan")] * 3,
            "unit": ["count"] * 3,
            "qualifier": ["exact"] * 3,
            "counted": ["joint investigation teams", "migrant smugglers identified", "migrant smugglers apprehended"],
            "category": ["cooperation instruments", "enforcement", "enforcement"],
            "actor": ["Eurojust", "Europol", "Frontex"],
            "reference_period": ["2019", "2023", ""],
        }
    )
    chart = Q.select_chart_figures(quantities, {"m1": 2020, "m2": 2023}, ["enforcement", "cooperation instruments"])
    assert chart.loc[chart["actor"] == "Frontex", "year"].item() == 2023  # no period: placed at the meeting's year
    fig = Q.plot_figures_over_time(chart)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert len(rows) == len(chart) and all(any(label in row for row in rows) for label in chart["label"])


# --- issue 12: identifiers, dates and comparison years are never figures --------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ST 10233/19 LIMITE JAI 612 CATS 55 MIGR 98 COPEN 201", "document code"),
        ("Interinstitutional file: COSI 140 ENFOPOL 321 CRIMORG 77", "document code"),
        ("The prosecutors met in Lima on March 14 to 15, 2022.", "date"),
        ("The seminar ran from October 3 - 5, 2021 in Panama.", "date"),
        ("Seville, 11-12 October 2019: the network met again.", "date"),
        ("Detections were up 300 per cent over 2018.", "year"),
        ("Arrivals fell below 2019 levels.", "year"),
        ("The offence is defined in Law No. 45 of 2017.", "legal reference"),
        ("Prosecutions rely on Law 2016-22 against smuggling.", "legal reference"),
        ("Under Decree 318 the unit was created.", "legal reference"),
        ("Session 4 looked at the financial investigation of smuggling.", "section number"),
        ("Panel 2 was chaired by the host country.", "section number"),
    ],
)
def test__scan_quantities__identifiers_and_dates_are_skipped(text, reason):
    found, skips = Q.scan_quantities(text)
    assert [q["value"] for q in found] == ([300.0] if "300" in text else [])
    assert reason in [s["reason"] for s in skips]


def test__scan_quantities__a_count_next_to_a_code_still_counts():
    # Capitals and a number are a code only in a run ("JAI 612 CATS 55"), not "UNODC 40 experts".
    assert values("The UNODC trained 40 experts in 2019.") == [(40, "count", "exact")]
    assert values("EUR 500 was paid per crossing.") == [(500, "EUR", "exact")]


def test__scan_quantities__range_repeats_its_currency():
    quantity = one("Each passenger paid between USD 2,000 and USD 4,500 for the crossing.")
    assert (quantity["value"], quantity["value_high"], quantity["unit"], quantity["qualifier"]) == (
        2000,
        4500,
        "USD",
        "range",
    )


# --- a meeting's place in a series, from ordinals spelled or in digits ----------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The 22nd Plenary meeting of the network was held in Vilnius.", 22),
        ("The network held its 51st plenary meeting in Zagreb.", 51),
        ("The Ninth Regional Conference on Migration took place in Accra.", 9),
        ("It was the fifth expert meeting organised under the programme.", 5),
        ("The expert group met for the fourteenth time since its creation.", 14),
        ("The workshop was the second of its kind in the region.", 2),
    ],
)
def test__extract_quantities__series_ordinals_place_the_meeting(text, value):
    quantity = one(text)
    assert (quantity["value"], quantity["unit"], quantity["category"]) == (value, "ordinal", "institutional")


@pytest.mark.parametrize(
    "text",
    [
        "Ministers agreed to convene the Eighth Regional Conference in 2025.",
        "The results will be presented at the 23rd meeting in Madrid.",
        "The declaration adopted at the Fifth Ministerial Conference in 2014 was recalled.",
        "The third session dealt with witness protection.",
        "Cooperation with third countries was discussed for the second time.",
        "He called on prosecutors to involve Eurojust before the first arrests.",
        "Europol flagged many accounts in the first half of 2021.",
        "Eurojust will host an annual meeting, the first of which will take place in 2020.",
        "Earlier meetings, the first in Vienna, were smaller.",
    ],
)
def test__extract_quantities__other_ordinals_are_not_figures(text):
    assert [q for q in Q.extract_quantities(text) if q["unit"] in ("ordinal", "count")] == []


def test__extract_quantities__series_ordinals_agree_with_the_corpus_series_statements():
    # Every sentence chapter 1 quotes as a series statement with an ordinal gives the ordinal here too.
    from msmeetings import corpus

    for text in (
        "The workshop was the fourth in a series that began in 2012.",
        "This was the sixth annual meeting in a series.",
    ):
        assert corpus.SERIES_RE.search(text)
        assert [q["unit"] for q in Q.extract_quantities(text)] == ["ordinal"]


# --- meaning: what is counted, category and period from the same clause ---------------------


@pytest.mark.parametrize(
    ("text", "counted", "category"),
    [
        (
            "Last year the agency supported 310 migrant smuggling investigations.",
            "migrant smuggling investigations",
            "investigations",
        ),
        ("Police dismantled 12 people smuggling networks.", "people smuggling networks", "investigations"),
        ("At least 54 migrants drowned when the dinghy sank.", "migrants drowned", "deaths"),
        ("Some 900 people died or went missing on the route.", "people died or went missing", "deaths"),
        ("The agency recorded 2,100 deaths at sea.", "deaths", "deaths"),
        ("The seminar brought together 65 representatives of ministries.", "representatives", "participation"),
        ("The meeting gathered 30 delegates and 12 observers.", "delegates", "participation"),
        ("In 4 of the 9 countries represented, smuggling is not an offence.", "countries", "participation"),
    ],
)
def test__extract_quantities__counted_comes_from_the_governing_noun(text, counted, category):
    quantity = Q.extract_quantities(text)[0]
    assert (quantity["counted"], quantity["category"]) == (counted, category)


def test__extract_quantities__period_comes_from_the_figure_s_own_clause():
    found = Q.extract_quantities("The unit had 8 prosecutors in 2019 and has since handled 140 cases.")
    assert [(q["value"], q["reference_period"]) for q in found] == [(8, "2019"), (140, "")]
    found = Q.extract_quantities("In 2020, 75 boats were intercepted, against 120 in 2019.")
    assert [(q["value"], q["reference_period"]) for q in found] == [(75, "2020"), (120, "2019")]
    found = Q.extract_quantities("In 2018 the office opened 40 investigations and charged 95 suspects.")
    assert [q["reference_period"] for q in found] == ["2018", "2018"]


def test__extract_quantities__law_numbers_are_not_periods():
    quantity = one("Under Law 2014-11 some 160 persons were prosecuted.")
    assert quantity["reference_period"] == ""


# --- figures of no analytical interest stay in the table, out of the key figures -------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("A 15-year-old boy was found in the lorry.", False),
        ("Money was moved in 3 different ways.", False),
        ("Participants identified 2 main issues.", False),
        ("Workshops discussed four topics.", False),
        ("Police arrested 45 suspects.", True),
        ("The JIT ran for 18 months.", True),
    ],
)
def test__is_key_figure__filters_figures_of_no_analytical_interest(text, key):
    quantity = one(text)
    assert Q.is_key_figure(quantity["counted"], quantity["unit"]) is key


# --- validation scores only meetings that have gold ----------------------------------------


def test__score_quantities__meetings_without_gold_are_not_scored():
    gold = pd.DataFrame({"meeting_id": ["m1"], "value": [5.0], "unit": ["count"], "qualifier": ["exact"]})
    extracted = pd.DataFrame(
        {"meeting_id": ["m1", "m2", "m2"], "value": [5.0, 7.0, 8.0], "unit": ["count"] * 3, "qualifier": ["exact"] * 3}
    )
    scores = Q.score_quantities(extracted, gold, ["m1", "m2"]).set_index("meeting_id")
    assert list(scores.index) == ["m1", "all"]
    assert scores.loc["all", "precision"] == 1.0
    assert Q.meetings_without_gold(gold, ["m1", "m2"]) == ["m2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Twenty-First Plenary Session of the network was held in Riga.", [(21, "ordinal", "exact")]),
        ("A total of 3 JITs were signed under the 2000 Convention.", [(3, "count", "exact")]),
        ("UNSC Resolution 2240 (2015) authorised inspections.", []),
    ],
)
def test__extract_quantities__compound_ordinals_and_named_years(text, expected):
    assert values(text) == expected
    assert all(q["reference_period"] == "" for q in Q.extract_quantities(text))


def test__extract_quantities__period_from_an_opening_range_and_share_of_a_count():
    assert one("Between 2015 and 2020, 1,245 smugglers were convicted in Italy.")["reference_period"] == "2015-2020"
    assert Q.extract_quantities("Some 25 per cent of the 4,000 migrants were minors.")[0]["counted"] == "migrants"
    assert one("Detections rose by 40% compared with 2019.")["counted"] == ""


def test__extract_quantities__framing_year_covers_a_later_clause_without_its_own():
    found = Q.extract_quantities(
        "With the tools available, in 2021, the agency supported 140 investigations, 60 of which began "
        "that year, while 80 were still running from earlier years."
    )
    assert [(q["value"], q["reference_period"]) for q in found] == [(140, "2021"), (60, "2021"), (80, "2021")]


def test__extract_quantities__over_after_an_amount_is_a_period_not_a_qualifier():
    found = Q.extract_quantities("The donor pledged EUR 2 million over three years to the programme.")
    assert [(q["value"], q["unit"], q["qualifier"]) for q in found] == [(2e6, "EUR", "exact"), (3, "years", "exact")]
    assert values("The investigation lasted over two years.") == [(2, "years", "more_than")]


@pytest.mark.parametrize(
    ("counted", "value", "expected"),
    [
        ("Focus Groups", 2, False),
        ("study visits", 2, False),
        ("connected criminal networks", 2, False),
        ("cases", 3, True),
        ("joint investigation teams", 2, True),
        ("suspects arrested", 4, True),
        ("car washes searched", 44, True),
        ("delegations", 30, True),
    ],
)
def test__is_operational_result__small_counts_of_descriptive_things_stay_off_the_chart(counted, value, expected):
    assert Q.is_operational_result(counted, value) is expected


# --- round 2: classes of phrasing found on the development and first sealed sets ----------------


@pytest.mark.parametrize(
    "text",
    [
        "Eurojust hosted its first operational meeting on the route.",
        "This was the first seminar on sea crossings organised by a Presidency.",
        "The round table was the first of its kind in the Gulf of Guinea.",
        "It was the first such meeting held in the Caribbean.",
        "The prosecutors of the region met for the first time in Nouakchott.",
    ],
)
def test__extract_quantities__first_places_this_meeting_as_one(text):
    # "first" is recorded, value 1, where it places this meeting in its series (as "second" does).
    assert values(text) == [(1, "ordinal", "exact")]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Networks dismantled: 120, against 90 in the two previous years.", 2, "years"),
        ("Arrivals rose for three consecutive years.", 3, "years"),
        ("The unit must reply within ten working days.", 10, "days"),
        ("Statistics for the past six months were presented.", 6, "months"),
        ("The plan will be reviewed in the next two calendar years.", 2, "years"),
    ],
)
def test__extract_quantities__time_unit_after_an_adjective(text, value, unit):
    found = [q for q in Q.extract_quantities(text) if q["value"] == value]
    assert [(q["value"], q["unit"]) for q in found] == [(value, unit)]


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("The groups are connected across five or six countries.", 5, 6, "count"),
        ("Each boat carried 40 or 50 migrants.", 40, 50, "count"),
        ("A reply takes two or three months.", 2, 3, "months"),
    ],
)
def test__extract_quantities__either_or_is_a_range(text, low, high, unit):
    quantity = one(text)
    assert (quantity["value"], quantity["value_high"], quantity["unit"], quantity["qualifier"]) == (
        low,
        high,
        unit,
        "range",
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Western Mediterranean Dialogue (5+5)", "code or name containing digits"),
        ("The 5+5 Defence Initiative met in Rabat.", "code or name containing digits"),
        ("Arrests were made in the Iranian year 1395.", "year of another calendar"),
        ("Figures cover the fiscal year 1401 only.", "year of another calendar"),
        ("The Act B.E. 2551 punishes smuggling.", "year of another calendar"),
        ("(506) 2212-5300", "phone number"),
        ("For information call (202) 555-0143.", "phone number"),
        ("No. prev. doc.: 7104/12 REV 1", "document code"),
        ("See document 8812/19 ADD 2 for the annex.", "document code"),
        ("The note 5566/20 Rev. 1 replaces the first version.", "document code"),
    ],
)
def test__scan_quantities__names_eras_phones_and_revisions_are_skipped(text, reason):
    found, skips = Q.scan_quantities(text)
    assert found == []
    assert reason in [s["reason"] for s in skips]


@pytest.mark.parametrize(
    "text",
    [
        "A memorandum was signed in 2024, and the two now hold a joint annual meeting.",
        "Europol and Frontex signed an agreement; the two will share analyses.",
        "Both agencies took part and the three agreed to meet again.",
        "Italy and Malta met, and the two jointly drafted a plan.",
    ],
)
def test__extract_quantities__a_number_word_standing_for_named_things_is_not_a_count(text):
    assert [q for q in Q.extract_quantities(text) if q["unit"] == "count"] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Judicial cooperation between the two shores remains slow.", 2),
        ("The three delegations agreed on a plan.", 3),
        ("The two suspects now live in Germany.", 2),
    ],
)
def test__extract_quantities__a_number_word_before_its_noun_still_counts(text, value):
    assert values(text) == [(value, "count", "exact")]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Prosecutors from 12 or more countries took part.", "at_least"),
        ("Sentences of ten years or more were handed down.", "at_least"),
        ("Boats carrying 20 or fewer migrants were rarely stopped.", "up_to"),
    ],
)
def test__extract_quantities__or_more_and_or_fewer_qualify_the_number(text, qualifier):
    assert one(text)["qualifier"] == qualifier


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The proposal COM(2020) 609 final was presented.", "document code"),
        ("The staff working document SWD(2021) 44 was annexed.", "document code"),
        ("Day 2 was devoted to financial investigations.", "section number"),
        ("Phase 3 of the project starts in the spring.", "section number"),
    ],
)
def test__scan_quantities__commission_codes_and_programme_parts_are_skipped(text, reason):
    found, skips = Q.scan_quantities(text)
    assert found == []
    assert reason in [s["reason"] for s in skips]


def test__extract_quantities__fractions_in_words_are_not_counts():
    assert values("Two thirds of the cases involved Syrian nationals.") == []
    assert values("Three quarters of the boats left from Libya.") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The workshop, the third of its kind, took place in Dakar.", 3),
        ("Held in Lima, the fourth of its kind, the meeting gathered judges.", 4),
    ],
)
def test__extract_quantities__of_its_kind_in_apposition_places_the_meeting(text, value):
    assert values(text) == [(value, "ordinal", "exact")]


def test__extract_quantities__of_its_kind_about_something_else_is_not_an_ordinal():
    text = "They signed a memorandum, the first of its kind between the two prosecution services."
    assert [q for q in Q.extract_quantities(text) if q["unit"] == "ordinal"] == []
    assert values("The agreement was the second of its kind in the region.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Penalties range from a fine to eight years of imprisonment.",
        "Sentences go from probation to 12 years in prison.",
    ],
)
def test__extract_quantities__from_a_word_to_a_number_is_an_upper_bound(text):
    assert [(q["unit"], q["qualifier"]) for q in Q.extract_quantities(text)] == [("years", "up_to")]


def test__extract_quantities__from_a_place_to_a_number_is_not_a_bound():
    assert values("Migrants were moved from Libya to 12 countries.") == [(12, "count", "exact")]


def test__extract_quantities__possessive_before_a_series_ordinal():
    assert values("It was the network's twelfth annual meeting.") == [(12, "ordinal", "exact")]
    assert values("Eurojust hosted the agency's 5th tactical meeting in May.") == [(5, "ordinal", "exact")]


def test__extract_quantities__from_one_amount_up_to_another_is_a_range():
    quantity = one("Smugglers charged from USD 3,000 up to USD 9,500 per person.")
    assert (quantity["value"], quantity["value_high"], quantity["qualifier"]) == (3000, 9500, "range")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Operation Triton 2 was launched in the spring.", "name of an operation or project"),
        ("The Project Sea Shield 3 trained coast guards.", "name of an operation or project"),
        ("The seminar, held on 5/6 May 2015, gathered experts.", "date"),
    ],
)
def test__scan_quantities__operation_names_and_slashed_days_are_skipped(text, reason):
    found, skips = Q.scan_quantities(text)
    assert found == []
    assert reason in [s["reason"] for s in skips]


def test__select_chart_figures__a_huge_corpus_charts_only_the_largest_and_says_so():
    rows = pd.DataFrame(
        {
            "quantity_id": [f"m:Q{i:04d}" for i in range(100)],
            "meeting_id": "m",
            "category": "enforcement",
            "unit": "count",
            "is_key_figure": True,
            "value": [float(i + 10) for i in range(100)],
            "value_text": "x",
            "qualifier": "exact",
            "value_high": float("nan"),
            "counted": "arrests",
            "actor": "",
            "reference_period": "",
        }
    )
    chart = Q.select_chart_figures(rows, {"m": 2020}, ["enforcement"], limit=30)
    assert len(chart) == 30 and chart["value"].min() == 80.0
    assert "the 30 largest of 100" in Q.describe_chart_cap(chart)
    assert Q.describe_chart_cap(Q.select_chart_figures(rows.head(5), {"m": 2020}, ["enforcement"])) == ""


# --- round 3 (issue 12): forms seen on the sealed sets, in other words ----------------------


def test__extract_quantities__half_a_dozen_is_six_and_vague():
    assert values("Couriers change cars half a dozen times on the way.") == [(6, "count", "approx")]


def test__extract_quantities__a_few_hundred_is_no_figure():
    assert values("Drivers are paid a few hundred euros per trip.") == []
    assert values("Several thousand migrants crossed.") == []
    assert values("A hundred migrants crossed.") == [(100, "count", "exact")]


def test__extract_quantities__estimated_at_is_approximate():
    assert values("The profits were estimated at EUR 3,4 million.") == [(3_400_000, "EUR", "approx")]


def test__extract_quantities__range_with_the_year_of_each_end():
    quantity = one("The share of online cases grew from 15% in 2018 to 40% in 2022.")
    assert (quantity["value"], quantity["value_high"], quantity["qualifier"]) == (15, 40, "range")


def test__scan_quantities__numeric_date_with_a_span_of_days():
    assert values("On 3-4.10.2019 the network met in Vilnius.") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The inaugural regional workshop on the smuggling of migrants took place in Accra.", 1),
        ("The meeting in Kyiv was the third of the network's annual plenary meetings.", 3),
        ("Prosecutors gathered for the network's plenary, its ninth since the network began in 2010.", 9),
        ("It was the second conference of the platform and the first devoted solely to sea crossings.", 1),
        ("The seminar, the second such gathering, was held in Split.", 2),
        ("The workshop was the first to deal with air routes alone.", 1),
    ],
)
def test__extract_quantities__this_meetings_place_in_other_phrasings(text, value):
    assert value in [q["value"] for q in Q.extract_quantities(text) if q["unit"] == "ordinal"]


def test__extract_quantities__ordinals_of_other_meetings_stay_out():
    assert values("The third of the seminars will be held next year.") == []
    assert values("The inaugural session opened with remarks.") == []
    assert values("The next workshop, the third such event, will be held in Dakar.") == []
    assert values("The report was the first to deal with air routes.") == []


def test__scan_quantities__dates_and_hours_in_other_notations():
    assert values("The seminar ran on 14.-15. March 2019 in Graz.") == []
    assert values("The panel met between 2 and 3 p.m.") == []


def test__find_actor__the_subject_of_the_reporting_verb_not_a_body_named_before_it():
    from msmeetings.quantities.meaning import find_actor

    assert find_actor(
        "In addition to the Belgian experience, a Dutch prosecutor presented lessons learned in four cases."
    ) == "Dutch authorities"
    assert find_actor("Europol reported 120 arrests, most of them in Spain.") == "Europol"


def test__find_actor__a_country_named_as_a_place_is_not_who_reported():
    from msmeetings.quantities.meaning import find_actor

    assert find_actor("Investigations began in the UK and links were found to three Member States.") == ""
    assert find_actor("Links were detected to Italy; the Greek police arrested nine suspects.") == "Greek authorities"


def test__find_actor__joined_names_share_their_role():
    from msmeetings.quantities.meaning import find_actor

    assert find_actor("In response, the UK and France proposed to appoint a liaison magistrate.") == "UK authorities"
    assert find_actor("Two networks smuggling migrants between Greece and Italy were investigated.") == ""


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("CRIMORG 171 MIGR 102 JAIEX 88 from: Swedish Presidency", "document code"),
        ("The Article 36 Committee is invited to agree on the follow-up suggested in point 4.", "section number"),
        ("The offence in Chapter 20, Section 8 of the Aliens Act (2005:716) covers organising.", "statute number"),
        ("The meeting was organised under Pilot Project 3 of the Action Plan.", "name of an operation or project"),
        ("7.1 participating States should criminalise the organisation of smuggling;", "list or section number"),
        ("Sofia, 17.II.2020", "date"),
    ],
)
def test__scan_quantities__register_codes_points_statutes_projects_items_roman_months(text, reason):
    found, skips = Q.scan_quantities(text)
    assert found == []
    assert reason in [s["reason"] for s in skips]


def test__scan_quantities__decimal_figure_at_line_start_still_counts():
    assert values("2.5 million migrants crossed the sea.")[0][0] == 2.5e6


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Prosecutors from three States met in Plovdiv on 13 and 14 February for the third trilateral meeting.", 3),
        ("The Presence brought together 84 prosecutors from 11 States for its fourth regional conference.", 4),
        ("The ninth edition of the conference was held in Split on 5-6 October 2023.", 9),
    ],
)
def test__extract_quantities__series_ordinal_after_met_for(text, value):
    ordinals = [q["value"] for q in Q.extract_quantities(text) if q["unit"] == "ordinal"]
    assert ordinals == [value]


def test__extract_quantities__first_on_a_topic_places_the_meeting():
    text = (
        "The meeting was the sixth expert-level meeting of the Process since its launch at the Prague ministerial "
        "conference of April 2009, and the first on migrant smuggling."
    )
    assert [q["value"] for q in Q.extract_quantities(text) if q["unit"] == "ordinal"] == [6, 1]


@pytest.mark.parametrize(
    "text",
    [
        "The conference, which first met in Naples in 2011 and held its eighth edition in Marseille in 2022, grew.",
        "The tenth edition of the conference will take place in Valletta in 2024.",
    ],
)
def test__extract_quantities__editions_of_other_gatherings_are_not_figures(text):
    assert [q for q in Q.extract_quantities(text) if q["unit"] == "ordinal"] == []


# --- round 5 (issue 12): sealed-4's classes of figure errors, in sentences of our own ------


def _figures(text):
    return [(q["value"], q["unit"], q["qualifier"]) for q in Q.extract_quantities(text)]


def test__extract_quantities__a_price_range_whose_ends_say_what_they_buy():
    text = "Tickets cost from USD 800 for a seat on a bus to USD 3 000 for a flight with a forged visa."
    assert _figures(text) == [(800.0, "USD", "range")]
    # Two amounts for two things are not a range.
    assert len(_figures("The project received EUR 400 000 for the first year and EUR 100 000 for the second.")) == 2


@pytest.mark.parametrize(
    "text",
    [
        'The ring, code-named "Delta 7", moved 300 migrants.',
        "Under operational action 4.1, 300 migrants were interviewed.",
    ],
)
def test__extract_quantities__numbers_in_quoted_names_and_plan_actions_are_not_figures(text):
    assert _figures(text) == [(300.0, "count", "exact")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The Ministry hosted in Accra, on 3 and 4 May 2024, the fourth regional workshop on smuggling.", 4),
        ("The Minister welcomed delegates to the second meeting of the Forum held in Africa.", 2),
        ("Third progress report on the Action Plan.", 3),
        ("The seminar was the fifth event of the project.", 5),
    ],
)
def test__find_series_ordinals__round_five_wordings(text, value):
    assert [v for _, _, v, _ in Q.find_series_ordinals(text)] == [value]


def test__find_series_ordinals__another_bodys_history_up_to_now_is_not_this_meeting():
    history = "The network met for the first time in Rome in 2015 and has met twice a year since."
    assert Q.find_series_ordinals(history) == []
    assert Q.find_series_ordinals("The network met for the third time in Rome.")
