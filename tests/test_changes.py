"""Tests for msmeetings.changes: plain-language summaries of changes in the processed tables."""

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from msmeetings.changes import describe_changes, load_actor_names, load_committed_tables, load_tables
from msmeetings.errors import InputError
from msmeetings.outputs import write_csv


def _df(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def _segments(spec: dict[str, list[str]]) -> pd.DataFrame:
    rows = []
    for meeting, texts in spec.items():
        for i, text in enumerate(texts, start=1):
            rows.append({"segment_id": f"{meeting}:{i:03d}", "meeting_id": meeting, "kind": "paragraph", "text": text})
    return _df(rows)


def _matrix(cells: dict[tuple[str, str], int]) -> pd.DataFrame:
    return _df(
        [
            {"meeting_id": m, "theme_id": t, "n_segments": n, "share_pct": 0.0, "per_1000_words": 0.0}
            for (m, t), n in sorted(cells.items())
        ]
    )


# --------------------------------------------------------------------------- segments


def test__describe_changes__segments_new_removed_and_reworded_meetings():
    old = _segments({"2009-cairo": ["a", "b"], "2018-hague": ["x", "y", "z"]})
    new = _segments({"2018-hague": ["x", "Y changed", "z", "w"], "2024-hague": ["p", "q", "r"]})
    lines = describe_changes({"segments.csv": old}, {"segments.csv": new})
    assert lines == [
        "meeting 2009-cairo: removed (was 2 segments)",
        "meeting 2018-hague: 4 segments (was 3); 1 added, 1 with changed text",
        "meeting 2024-hague: new (3 segments)",
    ]


def test__describe_changes__unchanged_tables_say_nothing():
    seg = _segments({"2018-hague": ["x"]})
    assert describe_changes({"segments.csv": seg}, {"segments.csv": seg.copy()}) == []


# --------------------------------------------------------------------------- themes


def test__describe_changes__theme_matrix_counts_meetings_where_theme_found():
    old = _matrix(
        {
            ("2018-hague", "digital"): 2,
            ("2021-annual", "digital"): 1,
            ("2023-hague", "digital"): 0,
            ("2018-hague", "jits"): 4,
            ("2021-annual", "jits"): 0,
            ("2023-hague", "jits"): 3,
        }
    )
    new = _matrix(
        {
            ("2018-hague", "digital"): 2,
            ("2021-annual", "digital"): 1,
            ("2023-hague", "digital"): 5,
            ("2018-hague", "jits"): 6,
            ("2021-annual", "jits"): 0,
            ("2023-hague", "jits"): 3,
        }
    )
    lines = describe_changes({"theme_matrix.csv": old}, {"theme_matrix.csv": new})
    assert lines == [
        "theme digital: now in 3 meetings (was 2): found in 2023-hague",
        "theme jits: segments 2018-hague 6 (was 4)",
    ]


def test__describe_changes__theme_matrix_new_and_removed_theme():
    old = _matrix({("2018-hague", "old_theme"): 1})
    new = _matrix({("2018-hague", "language"): 2})
    lines = describe_changes({"theme_matrix.csv": old}, {"theme_matrix.csv": new})
    assert lines == ["theme language: new, in 1 meeting", "theme old_theme: removed (was in 1 meeting)"]


def test__describe_changes__theme_codes_counts_per_meeting_and_terms_matched():
    def code(seg: str, theme: str, terms: str) -> dict:
        return {"segment_id": seg, "meeting_id": seg.split(":")[0], "theme_id": theme, "matched_terms": terms}

    old = _df([code("2018-hague:001", "jits", "jit"), code("2018-hague:002", "digital", "social media")])
    new = _df(
        [
            code("2018-hague:001", "jits", "jit"),
            code("2023-hague:004", "jits", "joint team; jit"),
            code("2023-hague:005", "language", "language barriers"),
        ]
    )
    lines = describe_changes({"theme_codes.csv": old}, {"theme_codes.csv": new})
    assert lines == [
        "theme codes: 3 coded segment-theme pairs (was 2); by meeting 2018-hague 1 (was 2), 2023-hague 2 (was 0)",
        "theme codes: jits new terms joint team",
        "theme codes: language now coded (1 segment)",
        "theme codes: digital no longer coded",
    ]


# --------------------------------------------------------------------------- quantities


def _quantity(meeting: str, value_text: str, counted: str, category: str = "enforcement") -> dict:
    return {
        "quantity_id": "",
        "meeting_id": meeting,
        "segment_id": f"{meeting}:001",
        "value": "1",
        "value_text": value_text,
        "unit": "count",
        "qualifier": "exact",
        "value_high": "",
        "counted": counted,
        "category": category,
        "actor": "",
        "reference_period": "",
        "sentence": "s",
        "char_start": 0,
        "char_end": 1,
    }


def test__describe_changes__quantities_lists_new_figures_with_what_is_counted():
    old = _df([_quantity("2018-hague", "15", "arrests")])
    new = _df(
        [_quantity("2018-hague", "15", "arrests"), _quantity("2023-hague", "12 000", "migrant smugglers identified")]
    )
    old = pd.concat([old, _df([_quantity("2023-hague", "9", "cases", "investigations")])], ignore_index=True)
    lines = describe_changes({"quantities.csv": old}, {"quantities.csv": new})
    assert lines == [
        "quantities: 2 figures (same count)",
        "quantities: by category enforcement 2 (was 1), investigations 0 (was 1)",
        "quantities: new: 2023-hague 12 000 migrant smugglers identified",
        "quantities: removed: 2023-hague 9 cases",
    ]


def test__describe_changes__quantities_of_a_new_meeting_are_summed_up():
    old = _df([_quantity("2018-hague", "15", "arrests")])
    new = _df(
        [_quantity("2018-hague", "15", "arrests")] + [_quantity("2024-hague", str(n), "arrests") for n in range(30)]
    )
    lines = describe_changes({"quantities.csv": old}, {"quantities.csv": new})
    assert lines == [
        "quantities: 31 figures (was 1)",
        "quantities: by category enforcement 31 (was 1)",
        "quantities: 2024-hague new, 30 figures",
    ]


# --------------------------------------------------------------------------- actors


def _mention(meeting: str, actor_id: str, name: str, role: str = "subject", actor_type: str = "country") -> dict:
    return {
        "meeting_id": meeting,
        "segment_id": f"{meeting}:002",
        "actor_type": actor_type,
        "actor_id": actor_id,
        "name_as_written": name,
        "iso3": actor_id,
        "region": "west_africa",
        "org_type": "",
        "role": role,
        "text_start": 0,
        "text_end": 5,
    }


def test__describe_changes__actors_named_in_more_meetings_and_as_participant():
    old = _df([_mention("2018-hague", "GHA", "Ghana"), _mention("2018-hague", "LBY", "Libya")])
    new = _df(
        [
            _mention("2018-hague", "GHA", "Ghana"),
            _mention("2023-hague", "GHA", "Ghanaian", "participant"),
            _mention("2023-hague", "GHA", "Ghanaian", "participant"),
            _mention("2023-hague", "wacap", "WACAP", "participant", actor_type="organisation"),
        ]
    )
    lines = describe_changes({"actors.csv": old}, {"actors.csv": new})
    assert lines == [
        "actors: Ghanaian (GHA) now named in 2 meetings (was 1), a participant in 1 (was 0): added 2023-hague",
        "actors: Libya (LBY) no longer named (was in 2018-hague)",
        "actors: WACAP (wacap) newly named, in 1 meeting (2023-hague), a participant in 2023-hague",
    ]


def test__describe_changes__actors_role_change_only():
    old = _df([_mention("2018-hague", "GHA", "Ghana"), _mention("2023-hague", "GHA", "Ghana")])
    new = _df([_mention("2018-hague", "GHA", "Ghana"), _mention("2023-hague", "GHA", "Ghana", "participant")])
    lines = describe_changes({"actors.csv": old}, {"actors.csv": new}, actor_names={"GHA": "Ghana"})
    assert lines == ["actors: Ghana now a participant in 1 (was 0): added 2023-hague"]


def test__load_actor_names__names_from_alias_table_and_gazetteer(tmp_path: Path):
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "countries.csv").write_text(
        "alias,iso3,name,region\nGhanaian,GHA,Ghana,west_africa\nWestern Balkans,,Western Balkans,western_balkans\n"
    )
    assert load_actor_names(tmp_path) == {"GHA": "Ghana"}
    assert load_actor_names(tmp_path / "missing") == {}


def test__load_actor_names__real_gazetteers_name_countries_and_bodies():
    names = load_actor_names(Path(__file__).resolve().parents[1] / "data")
    if not names:
        pytest.skip("data/actors not written yet")
    assert names.get("GHA") == "Ghana"
    assert "eurojust" in names


# --------------------------------------------------------------------------- recommendations


def _rec(rec_id: str, text: str, kind: str = "proposal", addressee: str = "Eurojust", themes: str = "") -> dict:
    meeting = rec_id.split(":")[0]
    return {
        "recommendation_id": rec_id,
        "meeting_id": meeting,
        "segment_id": f"{meeting}:010",
        "kind": kind,
        "addressee": addressee,
        "text": text,
        "theme_ids": themes,
    }


def test__describe_changes__recommendations_counts_new_and_reclassified():
    old = _df(
        [
            _rec("2018-hague:R01", "Set up an informal network of practitioners.", addressee="national authorities"),
            _rec("2018-hague:R02", "Maximise financial investigations."),
        ]
    )
    new = _df(
        [
            _rec("2018-hague:R01", "Set up an informal network of practitioners.", addressee="Eurojust"),
            _rec("2018-hague:R02", "Maximise financial investigations."),
            _rec("2018-hague:R03", "Language barriers hamper cooperation.", kind="challenge", themes="language"),
        ]
    )
    lines = describe_changes({"recommendations.csv": old}, {"recommendations.csv": new})
    assert lines == [
        "recommendations: 2018-hague now 3 (was 2): challenge 1 (was 0)",
        'recommendations: 2018-hague:R01 "Set up an informal network of practitioners.": '
        "addressee Eurojust (was national authorities)",
        'recommendations: new: 2018-hague:R03 "Language barriers hamper cooperation."',
    ]


def test__describe_changes__recommendation_text_is_shortened():
    long_text = "Member States should " + "really " * 30 + "act."
    new = _df([_rec("2009-cairo:R01", "Short."), _rec("2009-cairo:R02", long_text)])
    old = _df([_rec("2009-cairo:R01", "Short.")])
    line = describe_changes({"recommendations.csv": old}, {"recommendations.csv": new})[-1]
    assert line.startswith('recommendations: new: 2009-cairo:R02 "Member States should really')
    assert line.endswith('…"') and len(line) < 130


# --------------------------------------------------------------------------- follow-through


def _ft(rec: str, later: str, verdict: str, rank: int = 1) -> dict:
    return {
        "recommendation_id": rec,
        "later_meeting_id": later,
        "rank": rank,
        "segment_id": f"{later}:005",
        "similarity": 0.5,
        "verdict": verdict,
        "cue": "",
        "evidence": "",
        "reviewed": False,
        "review_note": "",
    }


def test__describe_changes__followthrough_verdict_changes_use_top_ranked_row():
    old = _df(
        [
            _ft("2018-hague:R05", "2023-hague", "reiterated"),
            _ft("2018-hague:R05", "2023-hague", "not_found", 2),
            _ft("2018-hague:R06", "2023-hague", "not_found"),
        ]
    )
    new = _df(
        [
            _ft("2018-hague:R05", "2023-hague", "implemented"),
            _ft("2018-hague:R05", "2023-hague", "not_found", 2),
            _ft("2018-hague:R06", "2023-hague", "not_found"),
            _ft("2018-hague:R07", "2023-hague", "not_found"),
            _ft("2018-hague:R08", "2023-hague", "recurring"),
        ]
    )
    lines = describe_changes({"followthrough.csv": old}, {"followthrough.csv": new})
    assert lines == [
        "follow-through: verdicts implemented 1 (was 0), not_found 2 (was 1), recurring 1 (was 0), reiterated 0 (was 1)",
        "follow-through: 2018-hague:R05 -> 2023-hague now implemented (was reiterated)",
        "follow-through: 2018-hague:R08 -> 2023-hague new (recurring)",
        "follow-through: 2018-hague:R07 -> 2023-hague new (not_found)",
    ]


def test__describe_changes__followthrough_verdict_is_the_deciding_row():
    # The chapter marks one row per pair `decides`; runners-up never set the pair's verdict.
    def pair(rec: str, first: str, second: str, deciding: int) -> list[dict]:
        rows = [_ft(rec, "2023-hague", first), _ft(rec, "2023-hague", second, 2)]
        for i, row in enumerate(rows, start=1):
            row["decides"] = "True" if i == deciding else "False"
        return rows

    recs = _df([_rec("2018-hague:R01", "Do it."), _rec("2018-hague:R02", "Meet.")])
    old = _df(
        pair("2018-hague:R01", "mentioned", "implemented", 1) + pair("2018-hague:R02", "reiterated", "mentioned", 1)
    )
    new = _df(
        pair("2018-hague:R01", "mentioned", "implemented", 2) + pair("2018-hague:R02", "reiterated", "not_found", 1)
    )
    lines = describe_changes(
        {"followthrough.csv": old, "recommendations.csv": recs}, {"followthrough.csv": new, "recommendations.csv": recs}
    )
    assert lines[1:] == ["follow-through: 2018-hague:R01 -> 2023-hague now implemented (was mentioned)"]


# --------------------------------------------------------------------------- generic, missing columns, order, cap


def test__describe_changes__generic_table_rows_and_columns():
    old = _df([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}])
    new = _df([{"a": 1, "c": 0}, {"a": 3, "c": 0}, {"a": 4, "c": 0}])
    lines = describe_changes({"chains.csv": old}, {"chains.csv": new})
    assert lines == [
        "table chains.csv: columns added c; removed b",
        "table chains.csv: rows 3 (was 2); 2 added, 1 removed (compared on the shared columns)",
    ]


def test__describe_changes__new_and_removed_tables():
    table = _df([{"a": 1}])
    lines = describe_changes({"people.csv": table, "chains.csv": None}, {"chains.csv": table})
    assert lines == ["table chains.csv: new (1 row)", "table people.csv: removed (was 1 row)"]


def test__describe_changes__reordered_rows_are_reported_generically():
    old = _df([{"a": 1}, {"a": 2}])
    new = _df([{"a": 2}, {"a": 1}])
    assert describe_changes({"x.csv": old}, {"x.csv": new}) == [
        "table x.csv: rows 2; same rows in a different order or format"
    ]


def test__describe_changes__recognised_table_missing_columns_falls_back_to_generic():
    old = _df([{"meeting_id": "2018-hague", "theme_id": "jits"}])
    new = _df([{"meeting_id": "2018-hague", "theme_id": "jits"}, {"meeting_id": "2023-hague", "theme_id": "jits"}])
    lines = describe_changes({"theme_matrix.csv": old}, {"theme_matrix.csv": new})
    assert lines == ["table theme_matrix.csv: rows 2 (was 1); 1 added"]


def test__describe_changes__odd_cells_never_crash():
    old = _df([{"meeting_id": None, "value_text": float("nan"), "counted": 3}])
    new = _df([{"meeting_id": "2018-hague", "value_text": [1, 2], "counted": None}])
    lines = describe_changes({"quantities.csv": old}, {"quantities.csv": new, "empty.csv": pd.DataFrame()})
    assert lines and all(isinstance(line, str) for line in lines)


def test__describe_changes__tables_in_chapter_order_then_by_name():
    seg_old, seg_new = _segments({"a": ["x"]}), _segments({"a": ["x", "y"]})
    other = _df([{"a": 1}])
    lines = describe_changes(
        {"segments.csv": seg_old},
        {"zeta.csv": other, "alpha.csv": other, "segments.csv": seg_new},
    )
    assert lines == [
        "meeting a: 2 segments (was 1); 1 added",
        "table alpha.csv: new (1 row)",
        "table zeta.csv: new (1 row)",
    ]


def test__describe_changes__caps_lines_per_table():
    old = _df([_quantity("2018-hague", "1", "arrests")])
    new = _df([_quantity("2018-hague", str(n), "arrests") for n in range(1, 40)])
    lines = describe_changes({"quantities.csv": old}, {"quantities.csv": new}, max_lines=5)
    assert len(lines) == 6
    assert lines[-1] == "quantities.csv: ... and 35 more"


# --------------------------------------------------------------------------- loading from folders and git


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            "-C",
            str(repo),
            *args,
        ],
        check=True,
        capture_output=True,
    )


def test__load_tables__reads_every_csv_as_text(tmp_path: Path):
    write_csv(_matrix({("2018-hague", "jits"): 4}), tmp_path / "theme_matrix.csv")
    (tmp_path / "notes.txt").write_text("not a table")
    tables = load_tables(tmp_path)
    assert list(tables) == ["theme_matrix.csv"]
    assert tables["theme_matrix.csv"].loc[0, "n_segments"] == "4"
    assert load_tables(tmp_path / "missing") == {}


def test__load_tables__unreadable_table_names_the_file(tmp_path: Path):
    (tmp_path / "bad.csv").write_bytes(b"a,b\n\xff\xfe,1\n")
    with pytest.raises(InputError, match="bad.csv"):
        load_tables(tmp_path)


def test__load_committed_tables__compares_working_folder_with_head(tmp_path: Path):
    processed = tmp_path / "data" / "processed"
    processed.mkdir(parents=True)
    write_csv(_matrix({("2018-hague", "digital"): 1, ("2023-hague", "digital"): 0}), processed / "theme_matrix.csv")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "data/processed/theme_matrix.csv")
    _git(tmp_path, "commit", "-q", "-m", "tables")
    write_csv(_matrix({("2018-hague", "digital"): 1, ("2023-hague", "digital"): 2}), processed / "theme_matrix.csv")
    write_csv(_df([{"a": 1}]), processed / "chains.csv")

    committed = load_committed_tables(tmp_path)
    assert set(committed) == {"theme_matrix.csv", "chains.csv"}
    assert committed["chains.csv"] is None
    lines = describe_changes(committed, load_tables(processed))
    assert lines == ["theme digital: now in 2 meetings (was 1): found in 2023-hague", "table chains.csv: new (1 row)"]
    # From a subfolder of the checkout, rel_dir is relative to that folder.
    assert load_committed_tables(tmp_path / "data", "processed")["theme_matrix.csv"] is not None


def test__load_committed_tables__outside_git_everything_is_uncommitted(tmp_path: Path):
    write_csv(_df([{"a": 1}]), tmp_path / "data" / "processed" / "x.csv")
    assert load_committed_tables(tmp_path) == {"x.csv": None}
    assert load_committed_tables(tmp_path, names=["y.csv"]) == {"y.csv": None}


def test__load_committed_tables__repository_without_commits(tmp_path: Path):
    _git(tmp_path, "init", "-q")
    write_csv(_df([{"a": 1}]), tmp_path / "data" / "processed" / "x.csv")
    assert load_committed_tables(tmp_path) == {"x.csv": None}
