"""The manifest and raw files: what a valid corpus is, and the errors a bad one gets."""

import csv
from pathlib import Path

import pytest

from msmeetings import corpus
from msmeetings.errors import InputError

from .conftest import DATA


def rewrite_manifest(data: Path, line: int, **changes) -> None:
    """Change fields of one manifest row (line numbers as in the file, header = 1)."""
    path = data / "meetings.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[line - 2].update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=corpus.MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test__load_manifest__shipped_corpus_is_valid_and_in_time_order():
    meetings = corpus.load_manifest(DATA / "meetings.csv", DATA / "raw")
    assert [m.meeting_id for m in meetings] == [
        "2009-cairo",
        "2018-hague",
        "2020-hague-press",
        "2021-annual",
        "2023-hague",
    ]
    assert {m.document_type for m in meetings} <= set(corpus.DOCUMENT_TYPES)


def test__load_manifest__every_raw_file_is_listed_once():
    meetings = corpus.load_manifest(DATA / "meetings.csv", DATA / "raw")
    assert sorted(m.source_file for m in meetings) == sorted(p.name for p in (DATA / "raw").glob("*.txt"))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"start_date": "2023-13-01"}, "start_date '2023-13-01' is an impossible date"),
        ({"start_date": "2023-02-30", "end_date": "2023-02-30"}, "impossible date"),
        ({"start_date": "8 November 2023"}, "is not a date"),
        ({"end_date": "2001-01-01"}, "is before start_date"),
        ({"start_date": "2999-01-01", "end_date": "2999-01-02"}, "in the future"),
        ({"meeting_id": "2009-cairo"}, "duplicate of line 2"),
        ({"meeting_id": "The Hague 2018"}, "meeting_id 'The Hague 2018' may hold only"),
        ({"document_type": "minutes"}, "document_type 'minutes' is unknown"),
        ({"source_file": "nowhere.txt"}, "nowhere.txt is missing"),
        ({"sha256": "0" * 64}, "but the manifest records 0000"),
        ({"title": ""}, "'title' is empty"),
    ],
)
def test__load_manifest__bad_row_names_file_line_and_fix(data_copy, change, expected):
    rewrite_manifest(data_copy, 3, **change)
    with pytest.raises(InputError) as info:
        corpus.load_manifest(data_copy / "meetings.csv", data_copy / "raw")
    message = str(info.value)
    assert "meetings.csv: line 3" in message
    assert expected in message


def test__load_manifest__altered_raw_file_is_refused(data_copy):
    path = data_copy / "raw" / "2018-05_the-hague_eurojust_meeting.txt"
    path.write_bytes(path.read_bytes().replace(b"360 suspects", b"460 suspects"))
    with pytest.raises(InputError, match="has sha256 .* but the manifest records .*git checkout"):
        corpus.load_manifest(data_copy / "meetings.csv", data_copy / "raw")


def test__load_manifest__empty_document_is_refused(data_copy):
    path = data_copy / "raw" / "2021-11_eurojust_annual-meeting_report-excerpt.txt"
    path.write_bytes(b" \n\n")
    rewrite_manifest(data_copy, 5, sha256=corpus.sha256_file(path))
    with pytest.raises(InputError, match="is empty"):
        corpus.load_manifest(data_copy / "meetings.csv", data_copy / "raw")


def test__load_manifest__non_utf8_document_is_refused(data_copy):
    path = data_copy / "raw" / "2021-11_eurojust_annual-meeting_report-excerpt.txt"
    path.write_bytes("Réunion annuelle".encode("latin-1"))
    rewrite_manifest(data_copy, 5, sha256=corpus.sha256_file(path))
    with pytest.raises(InputError, match="is not UTF-8 text .*iconv"):
        corpus.load_manifest(data_copy / "meetings.csv", data_copy / "raw")


def test__load_manifest__missing_column_is_named(tmp_path):
    (tmp_path / "meetings.csv").write_text("meeting_id,title\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        corpus.load_manifest(tmp_path / "meetings.csv", tmp_path)


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2021-11", "2021-11-01", "2021-11-30"),
        ("2020", "2020-01-01", "2020-12-31"),
        ("2024-02-29", "2024-02-29", "2024-02-29"),
    ],
)
def test__parse_partial_date__gives_the_range_a_partial_date_means(value, first, last):
    start, end = corpus.parse_partial_date(value, where="x", key="start_date")
    assert (start.isoformat(), end.isoformat()) == (first, last)


def test__select_meetings__unknown_id_is_refused_with_known_ids():
    meetings = corpus.load_manifest(DATA / "meetings.csv", DATA / "raw", check_files=False)
    assert [m.meeting_id for m in corpus.select_meetings(meetings, "2023-hague, 2009-cairo")] == [
        "2009-cairo",
        "2023-hague",
    ]
    with pytest.raises(InputError, match="unknown meeting id.*2019-x.*Known: 2009-cairo"):
        corpus.select_meetings(meetings, "2019-x")


def test__find_participation_statements__keeps_statements_about_the_meeting_only():
    import pandas as pd

    sentences = [
        "The meeting was attended by practitioners from the EU Member States, Serbia and Turkey.",
        "The workshop brought together experienced practitioners from law enforcement.",
        "It was organised in November 2021, with 25 countries, 7 international organisations represented.",
        "One aspect of the case is that it brought together a number of States located along the route.",
        "For the second time, the group was represented externally by two members at a conference.",
    ]
    segments = pd.DataFrame(
        {"meeting_id": "m", "segment_id": [f"m:001.0{i}" for i in range(1, 6)], "kind": "sentence", "text": sentences}
    )
    found = corpus.find_participation_statements(segments)
    assert list(found["segment_id"]) == ["m:001.01", "m:001.02", "m:001.03"]


def test__find_series_statements__a_project_phase_does_not_place_the_meeting_in_a_series():
    import pandas as pd

    from msmeetings import corpus

    sentences = pd.DataFrame(
        {
            "meeting_id": ["m"] * 2,
            "segment_id": ["m:001.01", "m:002.01"],
            "kind": ["sentence"] * 2,
            "text": [
                "The coordinator said that the new project cycle (sixth phase) will run until 2028.",
                "The 18th CrimEx meeting was held in Rome.",
            ],
        }
    )
    assert corpus.find_series_statements(sentences)["segment_id"].tolist() == ["m:002.01"]


def test__build_segments__rows_follow_segment_ids_whatever_the_manifest_order(tmp_path):
    from msmeetings import corpus

    rows = []
    for meeting_id, date in (("2012-b", "2012-05-01"), ("2012-a", "2012-09-01")):
        text = f"Meeting {meeting_id}\n\nParticipants discussed joint investigation teams.\n"
        (tmp_path / f"{meeting_id}.txt").write_text(text, encoding="utf-8")
        rows.append((meeting_id, date, text))
    import hashlib

    manifest = tmp_path / "meetings.csv"
    lines = [",".join(corpus.MANIFEST_COLUMNS)]
    for meeting_id, date, text in rows:
        values = {c: "" for c in corpus.MANIFEST_COLUMNS}
        values.update(
            meeting_id=meeting_id, title="A meeting", start_date=date, document_type="outcome report", language="en",
            source_file=f"{meeting_id}.txt", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )  # fmt: skip
        lines.append(",".join(values[c] for c in corpus.MANIFEST_COLUMNS))
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    segments = corpus.build_segments(corpus.load_manifest(manifest, tmp_path), tmp_path)
    assert segments["segment_id"].tolist() == sorted(segments["segment_id"])
