"""add-meeting: a checked new meeting lands in raw/ and the manifest; a refused one changes nothing."""

import argparse
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from msmeetings import add_meeting as am
from msmeetings import corpus
from msmeetings.errors import InputError

from .conftest import DATA

TODAY = dt.date(2025, 6, 30)
# CRLF, non-ASCII and no final newline: a byte-identical copy must keep all three.
TEXT = (
    "Eurojust Meeting on Migrant Smuggling\r\n\r\n1. Participants from 27 Member States — and Türkiye — attended."
).encode()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the manifest and raw texts."""
    target = tmp_path / "data"
    (target / "raw").mkdir(parents=True)
    shutil.copy(DATA / "meetings.csv", target / "meetings.csv")
    for path in (DATA / "raw").glob("*.txt"):
        shutil.copy(path, target / "raw" / path.name)
        (target / "raw" / path.name).chmod(0o644)
    return target


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A new document to add, outside the data folder."""
    path = tmp_path / "incoming" / "new meeting.txt"
    path.parent.mkdir()
    path.write_bytes(TEXT)
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder (hidden temporary files included) with the sha256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def good_args(**changes) -> dict:
    """Arguments for a valid new meeting, with some replaced."""
    args = dict(
        meeting_id="2024-hague",
        title="Eurojust Meeting on Migrant Smuggling",
        start_date="2024-11-06",
        end_date="2024-11-07",
        city="The Hague",
        country="Netherlands",
        organiser="Eurojust",
        document_type="outcome report",
        notes="Outcome report; written for the test.",
        today=TODAY,
    )
    args.update(changes)
    return args


def test__add_meeting__copies_text_unchanged_and_appends_a_valid_row(data_dir, source):
    old_manifest = (data_dir / "meetings.csv").read_bytes()
    old_raw = snapshot(data_dir / "raw")
    meeting = am.add_meeting(source, data_dir=data_dir, **good_args())
    raw = data_dir / "raw" / "2024-11_the-hague_eurojust_meeting.txt"
    assert meeting.source_file == raw.name
    assert raw.read_bytes() == TEXT
    assert meeting.sha256 == hashlib.sha256(TEXT).hexdigest()
    assert not raw.stat().st_mode & 0o222, "raw copies are read-only, like the seeds"
    new_manifest = (data_dir / "meetings.csv").read_bytes()
    assert new_manifest.startswith(old_manifest), "the other rows are unchanged byte for byte"
    assert (
        new_manifest[len(old_manifest) :]
        == (
            "2024-hague,Eurojust Meeting on Migrant Smuggling,2024-11-06,2024-11-07,The Hague,Netherlands,Eurojust,"
            f"outcome report,en,{raw.name},{meeting.sha256},Outcome report; written for the test.\n"
        ).encode()
    )
    assert {k: v for k, v in snapshot(data_dir / "raw").items() if k != raw.name} == old_raw
    loaded = corpus.load_manifest(data_dir / "meetings.csv", data_dir / "raw")
    assert [m.meeting_id for m in loaded][-1] == "2024-hague"
    assert next(m for m in loaded if m.meeting_id == "2024-hague") == meeting


def test__add_meeting__one_day_meeting_records_start_date_as_end_date(data_dir, source):
    meeting = am.add_meeting(source, data_dir=data_dir, **good_args(start_date="2024-11", end_date=""))
    assert (meeting.start_date, meeting.end_date) == ("2024-11", "2024-11")


def test__add_meeting__non_english_document_is_recorded_in_its_language_column(data_dir, source):
    meeting = am.add_meeting(source, data_dir=data_dir, **good_args(language="FR", notes="Compte rendu."))
    assert (meeting.language, meeting.notes) == ("fr", "Compte rendu.")


def test__add_meeting__english_document_leaves_notes_as_given(data_dir, source):
    meeting = am.add_meeting(source, data_dir=data_dir, **good_args(language="en"))
    assert meeting.notes == "Outcome report; written for the test."


def test__add_meeting__same_name_as_an_existing_raw_file_gets_a_new_name(data_dir, source):
    seed = data_dir / "raw" / "2023-11_the-hague_eurojust_meeting.txt"
    before = seed.read_bytes()
    meeting = am.add_meeting(source, data_dir=data_dir, **good_args(start_date="2023-11-20", end_date=""))
    assert meeting.source_file == "2023-11_the-hague_eurojust_meeting-2.txt"
    assert seed.read_bytes() == before
    corpus.load_manifest(data_dir / "meetings.csv", data_dir / "raw")


@pytest.mark.parametrize(
    ("start_date", "city", "organiser", "document_type", "expected"),
    [
        ("2024-11-06", "The Hague", "Eurojust", "outcome report", "2024-11_the-hague_eurojust_meeting.txt"),
        ("2022", "", "UNODC", "workshop report", "2022_unodc_workshop.txt"),
        (
            "2025-03",
            "Strasbourg",
            "Council of Europe",
            "press release",
            "2025-03_strasbourg_council-of-europe_press-release.txt",
        ),
        ("2019-10-01", "Zürich", "", "annual-report excerpt", "2019-10_zurich_report-excerpt.txt"),
    ],
)
def test__derive_source_name__date_place_organiser_and_kind(start_date, city, organiser, document_type, expected):
    assert am.derive_source_name(start_date, city, organiser, document_type, taken=set()) == expected


def refusal_cases():
    """(case id, change to the arguments or the source file, words the message must contain)."""
    seed = DATA / "raw" / "2018-05_the-hague_eurojust_meeting.txt"
    return [
        ("duplicate id", {"meeting_id": "2018-hague"}, None, "'2018-hague' is already used in"),
        ("same file", {}, seed.read_bytes(), "is already in the corpus"),
        ("malformed date", {"start_date": "6 November 2024"}, None, "'6 November 2024' is not a date"),
        ("impossible date", {"start_date": "2024-02-30", "end_date": ""}, None, "impossible date"),
        (
            "future start",
            {"start_date": "2025-07", "end_date": ""},
            None,
            r"2025-07 is in the future \(today is 2025-06-30\)",
        ),
        (
            "future end",
            {"start_date": "2025-06-30", "end_date": "2025-07-01"},
            None,
            "--end-date: 2025-07-01 is in the future",
        ),
        ("end before start", {"end_date": "2024-11-05"}, None, "2024-11-05 is before --start-date 2024-11-06"),
        ("empty file", {}, b"", "is empty"),
        ("blank file", {}, b" \r\n\n\t", "is empty"),
        ("not utf-8", {}, "Réunion annuelle".encode("latin-1"), r"is not UTF-8 text \(byte 1"),
        ("pdf", {}, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF, not plain text.*pdftotext -layout"),
        ("binary", {}, b"PK\x03\x04\x00\x00word", "contains NUL bytes"),
        (
            "unknown type",
            {"document_type": "minutes"},
            None,
            "'minutes' is not a known document type. Use one of: 'outcome report', 'workshop report', 'press release'",
        ),
        ("bad id", {"meeting_id": "The Hague 2024"}, None, "--id: 'The Hague 2024' may hold only lower-case"),
        ("empty title", {"title": "  "}, None, "--title: it is empty"),
        ("line break", {"title": "Meeting\non smuggling"}, None, "--title: the value .* contains a line break"),
        ("bad language", {"language": "French"}, None, "'French' is not an ISO 639 language code"),
    ]


@pytest.mark.parametrize(
    ("change", "content", "expected"), [c[1:] for c in refusal_cases()], ids=[c[0] for c in refusal_cases()]
)
def test__add_meeting__refusal_explains_and_changes_nothing(data_dir, source, change, content, expected):
    if content is not None:
        source.write_bytes(content)
    before = snapshot(data_dir)
    with pytest.raises(InputError, match=expected):
        am.add_meeting(source, data_dir=data_dir, **good_args(**change))
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("where", ["missing", "folder", "inside raw"])
def test__add_meeting__unusable_source_path_is_refused(data_dir, source, where):
    path = {
        "missing": source.with_name("nowhere.txt"),
        "folder": source.parent,
        "inside raw": data_dir / "raw" / "dropped-in.txt",
    }[where]
    if where == "inside raw":
        path.write_bytes(TEXT)
    before = snapshot(data_dir)
    with pytest.raises(
        InputError, match={"missing": "does not exist", "folder": "is a folder", "inside raw": "Move it out"}[where]
    ):
        am.add_meeting(path, data_dir=data_dir, **good_args())
    assert snapshot(data_dir) == before


def test__add_meeting__failed_manifest_rename_takes_the_raw_copy_back(data_dir, source, monkeypatch):
    real_replace = am.os.replace

    def failing_replace(src, dst):
        if Path(dst).name == "meetings.csv":
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(am.os, "replace", failing_replace)
    before = snapshot(data_dir)
    with pytest.raises(InputError, match="could not write .*meetings.csv .*Permission denied.*Nothing was added"):
        am.add_meeting(source, data_dir=data_dir, **good_args())
    assert snapshot(data_dir) == before


def test__add_meeting__broken_manifest_is_named_before_anything_is_written(data_dir, source):
    (data_dir / "raw" / "2009-07_cairo_workshop.txt").write_bytes(b"edited")
    before = snapshot(data_dir)
    with pytest.raises(InputError, match="meetings.csv: line 2: .*2009-07_cairo_workshop.txt has sha256"):
        am.add_meeting(source, data_dir=data_dir, **good_args())
    assert snapshot(data_dir) == before


def test__run_add_meeting__command_line_adds_and_says_what_next(data_dir, source, capsys):
    parser = argparse.ArgumentParser(prog="build.py add-meeting")
    am.add_meeting_arguments(parser)
    args = parser.parse_args(
        [
            str(source),
            "--id",
            "2024-hague",
            "--title",
            "Eurojust Meeting on Migrant Smuggling",
            "--start-date",
            "2024-11-06",
            "--city",
            "The Hague",
            "--country",
            "Netherlands",
            "--organiser",
            "Eurojust",
            "--type",
            "outcome report",
            "--language",
            "es",
        ]
    )
    args.data = data_dir
    assert am.run_add_meeting(args) == 0
    out = capsys.readouterr().out
    assert "Added meeting 2024-hague" in out
    assert "2024-11_the-hague_eurojust_meeting.txt" in out
    assert "language: es; the text analyses" in out
    assert "make report" in out
    assert [m.meeting_id for m in corpus.load_manifest(data_dir / "meetings.csv", data_dir / "raw")][-1] == "2024-hague"


def test__add_meeting_arguments__required_options_and_allowed_types_are_documented(capsys):
    parser = argparse.ArgumentParser(prog="build.py add-meeting")
    am.add_meeting_arguments(parser)
    with pytest.raises(SystemExit) as info:
        parser.parse_args(["x.txt", "--title", "t"])
    assert info.value.code == 2
    assert "--id" in capsys.readouterr().err
    help_text = " ".join(parser.format_help().split())
    assert all(t in help_text for t in corpus.DOCUMENT_TYPES)


def test__slugify__long_names_are_cut_between_words():
    slug = am.slugify("Directorate-General for Migration and Home Affairs of the European Commission")
    assert len(slug) <= 40 and slug == "directorate-general-for-migration-and"
    assert am.slugify("Ouagadougou") == "ouagadougou"


def test__derive_source_name__statement_and_conference_summary_types():
    name = am.derive_source_name("2018-08-01", "Bali", "Bali Process", "statement", taken=set())
    assert name == "2018-08_bali_bali-process_statement.txt"
    name = am.derive_source_name("2019-06-01", "Strasbourg", "Council of Europe", "conference summary", taken=set())
    assert name == "2019-06_strasbourg_council-of-europe_summary.txt"
