"""Written findings: validated on load, verified against segments and tables, scoped to a subset."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from msmeetings import findings
from msmeetings.errors import InputError

REPO = Path(__file__).resolve().parents[1]


def tables(**overrides) -> dict:
    base = {
        "segments": pd.DataFrame(
            {
                "segment_id": ["2018-a:001", "2023-b:002"],
                "text": ["Only the lower-level criminals are caught, via hawala.", "Language barriers remain."],
            }
        ),
        "theme_matrix": pd.DataFrame(
            {
                "meeting_id": ["2018-a", "2023-b", "2018-a", "2023-b"],
                "theme_id": ["financial", "financial", "language", "language"],
                "n_segments": ["2", "0", "0", "1"],
            }
        ),
        "quantities": pd.DataFrame({"meeting_id": ["2018-a"], "value": ["360.0000"], "counted": ["suspects arrested"]}),
        "recommendations": pd.DataFrame({"recommendation_id": ["2018-a:R1"], "text": ["refer more cases to Eurojust"]}),
        "followthrough": pd.DataFrame(
            {
                "recommendation_id": ["2018-a:R1", "2018-a:R1"],
                "later_meeting_id": ["2023-b", "2023-b"],
                "verdict": ["reiterated", "not_found"],
                "decides": ["True", "False"],
            }
        ),
        "actors": pd.DataFrame(
            {"meeting_id": ["2023-b"], "actor_type": ["country"], "iso3": ["GHA"], "role": ["participant"]}
        ),
    }
    base.update(overrides)
    return base


def finding(fid="hawala", evidence=None, checks=None, section="constant") -> dict:
    return {
        "id": fid,
        "statement": "Following the money stayed hard.",
        "section": section,
        "evidence": evidence or [{"segment_id": "2018-a:001", "must_contain": ["hawala"]}],
        "checks": checks or [{"theme_present": {"theme": "financial", "meetings": ["2018-a"]}}],
    }


def parse(*entries) -> list:
    return findings.parse_findings({"findings": list(entries)}, Path("data/findings.yml"))


def test__evaluate__keeps_a_finding_whose_citations_and_checks_hold():
    result = findings.evaluate(parse(finding()), tables())
    assert [f.id for f in result.supported] == ["hawala"]
    assert result.unsupported == []


def test__evaluate__drops_and_names_a_finding_whose_check_fails():
    failing = finding("money_everywhere", checks=[{"theme_present": {"theme": "financial", "meetings": ["2018-a", "2023-b"]}}])
    result = findings.evaluate(parse(finding(), failing), tables())
    assert [f.id for f in result.supported] == ["hawala"]
    (dropped, problems), = result.unsupported
    assert dropped.id == "money_everywhere"
    assert "absent from 2023-b" in problems[0]
    assert "money_everywhere" in findings.report_unsupported(result)[0]


def test__evaluate__a_citation_whose_words_are_not_in_the_segment_fails():
    wrong = finding("misquoted", evidence=[{"segment_id": "2018-a:001", "must_contain": ["truck drivers"]}])
    result = findings.evaluate(parse(wrong), tables())
    assert result.supported == []
    assert "lacks 'truck drivers'" in result.unsupported[0][1][0]


def test__evaluate__a_citation_of_a_segment_that_no_longer_exists_fails():
    gone = finding("gone", evidence=[{"segment_id": "2018-a:099", "must_contain": ["hawala"]}])
    assert "no longer exists" in findings.evaluate(parse(gone), tables()).unsupported[0][1][0]


def test__evaluate__with_a_subset_leaves_out_findings_whose_evidence_lies_outside_it():
    later = finding("language", evidence=[{"segment_id": "2023-b:002", "must_contain": ["Language barriers"]}],
                    checks=[{"theme_present": {"theme": "language", "meetings": ["2023-b"]}}])
    result = findings.evaluate(parse(finding(), later), tables(), meetings=["2023-b"])
    assert [f.id for f in result.supported] == ["language"]
    assert [f.id for f in result.out_of_scope] == ["hawala"]
    # A check's meetings count too: evidence in 2023-b resting on 2018-a's table rows is out of scope.
    mixed = finding("mixed", evidence=[{"segment_id": "2023-b:002", "must_contain": ["Language"]}])
    assert [f.id for f in findings.evaluate(parse(mixed), tables(), meetings=["2023-b"]).out_of_scope] == ["mixed"]


@pytest.mark.parametrize(
    ("check", "holds"),
    [
        ({"theme_absent": {"theme": "financial", "meetings": ["2023-b"]}}, True),
        ({"theme_absent": {"theme": "financial", "meetings": ["2018-a"]}}, False),
        ({"quantity": {"meeting": "2018-a", "value": 360, "counts": "suspects arrested"}}, True),
        ({"quantity": {"meeting": "2018-a", "value": 361, "counts": "suspects arrested"}}, False),
        ({"verdict": {"item_words": "refer more cases", "later_meeting": "2023-b", "in": ["reiterated"]}}, True),
        ({"verdict": {"item_words": "refer more cases", "later_meeting": "2023-b", "in": ["not_found"]}}, False),
        ({"country_took_part": {"meeting": "2023-b", "iso": "GHA"}}, True),
        ({"country_took_part": {"meeting": "2023-b", "iso": "NGA"}}, False),
        ({"segment_contains": {"segment": "2023-b:002", "words": "remain"}}, True),
        ({"segment_contains": {"segment": "2023-b:002", "words": "vanished"}}, False),
    ],
)
def test__run_check__each_kind_can_hold_and_fail(check, holds):
    (parsed,) = parse(finding(checks=[check]))[0].checks
    assert (findings.run_check(parsed, tables()) is None) is holds


def test__evaluate__a_missing_column_raises_instead_of_dropping_silently():
    broken = tables(**{"theme_matrix": pd.DataFrame({"meeting_id": ["2018-a"], "theme_id": ["financial"]})})
    with pytest.raises(findings.TableError, match="n_segments"):
        findings.evaluate(parse(finding()), broken)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({**finding(), "section": "elsewhere"}, "section 'elsewhere' unknown"),
        ({**finding(), "checks": [{"theme_everywhere": {"theme": "x"}}]}, "unknown check kind"),
        ({**finding(), "checks": [{"verdict": {"item_words": "x", "in": ["implemented"]}}]}, "lacks later_meeting"),
        ({**finding(), "evidence": [{"segment_id": "2018-a:001"}]}, "must_contain"),
        ({**finding(), "statement": "As 2018-hague:R32 asked."}, "by its id"),
        ({**finding(), "id": "Bad Id"}, "lower_snake_case"),
    ],
)
def test__parse_findings__a_malformed_entry_names_file_finding_and_fix(entry, message):
    with pytest.raises(InputError, match=message) as error:
        parse(entry)
    assert "data/findings.yml" in str(error.value) and "Fix:" in str(error.value)


def test__parse_findings__a_duplicate_id_is_refused():
    with pytest.raises(InputError, match="finding 'hawala': id used twice"):
        parse(finding(), finding())


def test__check_findings_file__refuses_a_malformed_file_before_any_kernel(tmp_path):
    (tmp_path / "findings.yml").write_text(yaml.safe_dump({"findings": [{**finding(), "checks": []}]}))
    with pytest.raises(InputError, match="finding 'hawala': no checks"):
        findings.check_findings_file(tmp_path)


def test__shipped_findings__load_and_every_section_keeps_a_supported_finding():
    from msmeetings.pipeline import SYNTHESIS_READS
    from msmeetings.tables import read_tables

    tables = read_tables(SYNTHESIS_READS, REPO / "data" / "processed")
    result = findings.evaluate(findings.load_findings(REPO / "data" / "findings.yml"), tables)
    # Findings may drop out when the tables change (that is the design); a whole section may not.
    assert {f.section for f in result.supported} == set(findings.SECTIONS)


def test__load_and_evaluate__a_corpus_without_written_findings_has_none(tmp_path):
    result = findings.load_and_evaluate(tmp_path, tables())
    assert result.supported == [] and result.unsupported == [] and result.out_of_scope == []


def test__verdict_check__a_pair_without_a_row_in_a_known_later_meeting_is_not_found():
    tables = {
        "recommendations": pd.DataFrame({"recommendation_id": ["m1:R01", "m1:R02"], "text": ["ask Frontex", "other"]}),
        "followthrough": pd.DataFrame(
            {"recommendation_id": ["m1:R02"], "later_meeting_id": ["m2"], "verdict": ["reiterated"], "decides": [True]}
        ),
    }
    check = findings.Check("verdict", {"item_words": ["Frontex"], "later_meeting": "m2", "in": ["not_found"]})
    assert findings.run_check(check, tables) is None
    check = findings.Check("verdict", {"item_words": ["Frontex"], "later_meeting": "m3", "in": ["not_found"]})
    assert "no verdict" in findings.run_check(check, tables)
