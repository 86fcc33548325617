"""The table catalogue: declarations match what the chapters write, and breaking one stops the build."""

import json
import re

import pandas as pd
import pytest

from msmeetings import pipeline, tables
from msmeetings.errors import InputError, StepError

from .conftest import DATA, ROOT

PROCESSED = DATA / "processed"


@pytest.mark.parametrize("name", [t.name for t in tables.TABLES])
def test__read_table__committed_table_matches_its_declaration_and_writes_back_byte_identical(name, tmp_path):
    frame = tables.read_table(name, PROCESSED)
    tables.check_frame(name, frame)
    tables.write_table(name, frame, tmp_path)
    assert (tmp_path / f"{name}.csv").read_bytes() == (PROCESSED / f"{name}.csv").read_bytes()


def test__read_table__columns_come_back_typed():
    segments = tables.read_table("segments", PROCESSED)
    assert segments["n_words"].dtype == "int64" and segments["char_start"].dtype == "int64"
    assert segments["text"].map(type).eq(str).all()
    follow = tables.read_table("followthrough", PROCESSED)
    assert follow["reviewed"].dtype == bool and follow["similarity"].dtype == "float64"


def test__write_table__refuses_a_missing_column_naming_table_and_column(tmp_path):
    frame = tables.read_table("recommendations", PROCESSED).drop(columns=["addressee"])
    with pytest.raises(StepError, match=r"recommendations.*missing addressee"):
        tables.write_table("recommendations", frame, tmp_path)
    assert not (tmp_path / "recommendations.csv").exists()


def test__write_table__refuses_a_duplicate_key(tmp_path):
    frame = tables.read_table("quantities", PROCESSED)
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True).sort_values("quantity_id", kind="stable")
    with pytest.raises(StepError, match="not unique"):
        tables.write_table("quantities", frame, tmp_path)


def test__write_table__refuses_text_in_a_number_column(tmp_path):
    frame = tables.read_table("theme_matrix", PROCESSED).astype({"n_segments": object})
    frame.loc[0, "n_segments"] = "many"
    with pytest.raises(StepError, match="n_segments"):
        tables.write_table("theme_matrix", frame, tmp_path)


def test__check_frame__refuses_rows_out_of_declared_order():
    frame = tables.read_table("segments", PROCESSED).iloc[::-1].reset_index(drop=True)
    with pytest.raises(StepError, match="not sorted"):
        tables.check_frame("segments", frame)


def test__write_table__writes_rows_in_the_declared_order_whatever_order_they_come_in(tmp_path):
    frame = tables.read_table("segments", PROCESSED)
    tables.write_table("segments", frame.iloc[::-1], tmp_path)
    assert (tmp_path / "segments.csv").read_bytes() == (PROCESSED / "segments.csv").read_bytes()


def test__read_table__missing_table_names_the_notebook_that_writes_it(tmp_path):
    with pytest.raises(InputError, match="03_key_figures"):
        tables.read_table("quantities", tmp_path)


def test__read_table__missing_column_is_an_error_not_a_silent_gap(tmp_path):
    frame = pd.read_csv(PROCESSED / "theme_matrix.csv").drop(columns=["per_1000_words"])
    frame.to_csv(tmp_path / "theme_matrix.csv", index=False)
    with pytest.raises(InputError, match="per_1000_words"):
        tables.read_table("theme_matrix", tmp_path)


def test__catalogue__every_column_has_a_human_label_and_a_known_type():
    for table in tables.TABLES:
        assert table.step in {s.name for s in pipeline.STEPS}, table.name
        assert set(table.key) <= set(table.column_names) and set(table.sort) <= set(table.column_names)
        for column in table.columns:
            assert column.dtype in tables.DTYPES
            assert column.label and "_" not in column.label, (table.name, column.name)


def test__catalogue__every_processed_file_is_declared():
    assert {p.stem for p in PROCESSED.glob("*.csv")} == set(tables.CATALOGUE)


def test__steps__outputs_derive_from_the_catalogue():
    for step in pipeline.STEPS:
        declared = {t.ref for t in tables.tables_written_by(step.name)}
        assert declared == {ref for ref in step.outputs if ref.startswith("processed/")}


def _code(step) -> str:
    nb = json.loads(step.notebook.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


@pytest.mark.parametrize("step", pipeline.STEPS, ids=lambda s: s.name)
def test__notebook__reads_and_writes_only_what_its_step_declares(step):
    code = _code(step)
    read = set(re.findall(r"read_table\(\s*\"(\w+)\"", code))
    if "load_selection(" in code and "segments=False" not in code:
        read.add("segments")
    written = set(re.findall(r"write_table\(\s*\"(\w+)\"", code))
    opened = set(re.findall(r"input_path\(\s*\"(\w+)\"", code))
    assert read <= set(step.reads), f"{step.name} reads undeclared tables {read - set(step.reads)}"
    assert written == set(step.writes), f"{step.name} writes {written}, declares {set(step.writes)}"
    assert opened <= set(step.uses), f"{step.name} opens undeclared inputs {opened - set(step.uses)}"


def test__notebooks__spell_no_data_paths():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "code" or "parameters" in cell["metadata"].get("tags", []):
                continue
            source = "".join(cell["source"])
            assert not re.search(r"[\"'][\w./-]*\.(csv|yml|txt)[\"']", source), f"{path.name}: {source[:80]}"
            assert "Path(processed_dir)" not in source and "Path(data_dir)" not in source, path.name
