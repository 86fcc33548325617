"""Faults from the adversarial run (issue 16): each test reproduces one, at unit level where possible."""

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from msmeetings import cli, corpus, parameters, pipeline, publishing, themes
from msmeetings.errors import BuildLocked, InputError, OutputError
from msmeetings.files import write_bytes_atomically

from .conftest import DATA, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "tiny"


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """The fixture corpus with the shipped codebook, gazetteers and review file."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("processed", "raw", "meetings.csv"))
    shutil.copytree(FIXTURE / "raw", data / "raw")
    shutil.copy(FIXTURE / "meetings.csv", data / "meetings.csv")
    return data


def fake_execute(step, params, layout, staging):
    """Stand-in for papermill: writes each declared output and an executed notebook into staging."""
    for ref in step.outputs:
        path = layout.resolve(ref, processed=staging / "processed", figures=staging / "figures")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{step.name} {ref} {params}")
    executed = staging / "executed" / f"{step.name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    executed.write_text(json.dumps({"step": step.name, "finished": True}))
    return executed


def fake_report(notebooks, *, out_dir, pdf, **_):
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.html").write_text("\n".join(Path(n).read_text() for n in notebooks))
    if pdf:
        (out_dir / "report.pdf").write_bytes(b"%PDF-1.7 fake\n%%EOF\n")


@pytest.fixture
def fake_kernels(monkeypatch):
    """Build without papermill or WeasyPrint: the sequence is under test, not the notebooks."""
    from msmeetings import report

    monkeypatch.setattr(pipeline, "execute_step", fake_execute)
    monkeypatch.setattr(report, "assemble_report", fake_report)


def request(data: Path, out: Path, **options) -> pipeline.BuildRequest:
    return pipeline.BuildRequest(
        params_file=ROOT / "params" / "default.yml", overrides=[], data_dir=data, out=out, pdf=False, **options
    )


# 1. A partial executed notebook is trusted.
def test__plan_build__a_notebook_left_by_a_failed_or_killed_run_is_not_up_to_date(tiny_data, tmp_path, fake_kernels):
    out = tmp_path / "out"
    pipeline.build(request(tiny_data, out))
    layout = pipeline.Layout(out=out, data_dir=tiny_data)
    executed = pipeline.executed_notebook(layout, pipeline.STEPS[4])
    executed.write_text('{"cells run": "7 of 13"}')  # what an in-place run left when it died
    assert pipeline.build(request(tiny_data, out, dry_run=True)).plan.decisions[4][1], "rerun the step"


def test__build__a_failed_step_leaves_the_published_executed_notebook_alone(
    tiny_data, tmp_path, fake_kernels, monkeypatch
):
    from msmeetings.errors import StepError

    out = tmp_path / "out"
    pipeline.build(request(tiny_data, out))
    layout = pipeline.Layout(out=out, data_dir=tiny_data)
    good = pipeline.executed_notebook(layout, pipeline.STEPS[4]).read_bytes()

    def failing(step, params, layout, staging):
        if step.name.startswith("05"):
            (staging / "executed").mkdir(parents=True, exist_ok=True)
            (staging / "executed" / f"{step.name}.ipynb").write_text("traceback")
            raise StepError("05 failed")
        return fake_execute(step, params, layout, staging)

    monkeypatch.setattr(pipeline, "execute_step", failing)
    with pytest.raises(StepError):
        pipeline.build(request(tiny_data, out, force=True))
    assert pipeline.executed_notebook(layout, pipeline.STEPS[4]).read_bytes() == good


# 2. Fingerprints are taken after execution.
def test__build__an_input_edited_while_the_build_runs_is_rebuilt_next_time(
    tiny_data, tmp_path, fake_kernels, monkeypatch
):
    out = tmp_path / "out"
    pipeline.build(request(tiny_data, out))

    def edit_during(step, params, layout, staging):
        if step.name.startswith("02"):
            codebook = tiny_data / "codebook.yml"
            codebook.write_text(codebook.read_text(encoding="utf-8") + "\n# edited mid-build\n", encoding="utf-8")
        return fake_execute(step, params, layout, staging)

    monkeypatch.setattr(pipeline, "execute_step", edit_during)
    pipeline.build(request(tiny_data, out, force=True))
    plan = pipeline.build(request(tiny_data, out, dry_run=True)).plan
    assert plan.decisions[1][1], "02_themes ran with the old codebook; it must not be recorded as built"


# 3. Publish is not atomic.
def test__publish__a_failure_half_way_restores_every_file_and_names_the_path(tmp_path, monkeypatch):
    staged, final = tmp_path / "staged", tmp_path / "final"
    moves = []
    for name in ("a.csv", "b.csv", "c.csv"):
        (staged / name).parent.mkdir(parents=True, exist_ok=True)
        (staged / name).write_text("new " + name)
        (final / name).parent.mkdir(parents=True, exist_ok=True)
        (final / name).write_text("old " + name)
        moves.append((staged / name, final / name))
    real_replace = os.replace

    def replace(source, target):
        if str(target).endswith("c.csv"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(publishing.os, "replace", replace)
    with pytest.raises(OutputError, match=r"c\.csv.*No space left.*Nothing was published"):
        publishing.publish(moves, tmp_path / "journal.json")
    assert {p.name: p.read_text() for p in final.iterdir()} == {n: "old " + n for n in ("a.csv", "b.csv", "c.csv")}


def test__recover_interrupted_publish__rolls_back_what_a_killed_build_swapped_in(tmp_path):
    final = tmp_path / "final"
    final.mkdir()
    (final / "a.csv").write_text("new a")  # swapped in before the kill
    (final / ".a.csv.old").write_text("old a")
    (final / "b.csv").write_text("old b")  # not yet swapped
    (final / ".b.csv.new").write_text("new b")
    (final / ".b.csv.old").write_text("old b")
    journal = tmp_path / "journal.json"
    journal.write_text(
        json.dumps(
            [
                {"target": str(final / n), "new": str(final / f".{n}.new"), "backup": str(final / f".{n}.old")}
                for n in ("a.csv", "b.csv")
            ]
        )
    )
    assert publishing.recover_interrupted_publish(journal)
    assert {p.name: p.read_text() for p in final.iterdir()} == {"a.csv": "old a", "b.csv": "old b"}


# 4. No lock.
def test__output_lock__a_second_build_is_refused_naming_the_running_one(tmp_path):
    with publishing.OutputLock(tmp_path / "build", tmp_path):
        code = (
            "import sys; from pathlib import Path; from msmeetings import publishing\n"
            f"with publishing.OutputLock(Path({str(tmp_path / 'build')!r}), Path({str(tmp_path)!r})): pass"
        )
        other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ)
        assert "another build is running" in other.stderr and f"pid {os.getpid()}" in other.stderr
    with publishing.OutputLock(tmp_path / "build", tmp_path):  # released at the end of the build
        pass


def test__main__a_locked_output_folder_exits_3_with_a_message(tiny_data, tmp_path, fake_kernels, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with publishing.OutputLock(out / "build", out):
        status = cli.main(["--data", str(tiny_data), "--out", str(out), "--no-pdf"])
    assert status == BuildLocked.exit_code == 3
    assert "another build is running" in capsys.readouterr().err


# 5. Non-UTF-8 bytes and byte-order marks.
@pytest.mark.parametrize("name", ["meetings.csv", "followthrough_review.csv", "actors/countries.csv", "params.yml"])
def test__hand_made_files__a_non_utf8_byte_is_named_by_file_line_and_byte(tiny_data, tmp_path, name):
    path = tmp_path / "params.yml" if name == "params.yml" else tiny_data / name
    if name == "params.yml":
        path.write_text("meetings: ''\n", encoding="utf-8")
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1] + "Réunion".encode("latin-1")
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(InputError, match=r"line 2: byte b'\\xe9' at column \d+ is not UTF-8.*UTF-8") as caught:
        if name == "meetings.csv":
            corpus.load_manifest(path, tiny_data / "raw")
        elif name == "params.yml":
            parameters.load_params_file(path)
        else:
            pipeline.check_hand_made_inputs(tiny_data)
    assert str(path) in str(caught.value)


def test__load_manifest__reads_a_spreadsheets_csv_utf8_with_a_byte_order_mark(tiny_data):
    manifest = tiny_data / "meetings.csv"
    manifest.write_bytes(b"\xef\xbb\xbf" + manifest.read_bytes())
    assert [m.meeting_id for m in corpus.load_manifest(manifest, tiny_data / "raw")]


def test__read_document__a_byte_order_mark_is_not_text(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(b"\xef\xbb\xbf\nTitle\n\nFirst paragraph.\n")
    assert not corpus.read_document(path).startswith("\ufeff")


# 6. A catastrophic regex in the codebook.
def test__load_codebook__a_catastrophic_pattern_is_refused_with_theme_and_pattern(tmp_path):
    import yaml

    data = yaml.safe_load((DATA / "codebook.yml").read_text(encoding="utf-8"))
    data["themes"][1]["include"].append(r"(?:\w+\s?)+qqq")
    path = tmp_path / "codebook.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputError, match=rf"theme '{data['themes'][1]['id']}'.*qqq.*catastrophic"):
        themes.load_codebook(path)


# 7. Right type, wrong value.
@pytest.mark.parametrize(
    ("pair", "allowed"),
    [
        ("network_top_n=-5", "between 1 and 200"),
        ("top_k_passages=0", "between 1 and 20"),
        ("min_score=nan", "between 0 and 1"),
        ("coding_unit=word", "one of paragraph, sentence"),
        ("similarity=semantic", "not installed"),
    ],
)
def test__resolve_parameters__a_value_outside_the_declared_range_is_refused(pair, allowed, monkeypatch):
    # The optional extra "semantic" may be installed (CI installs it): its absence is simulated.
    monkeypatch.setattr("msmeetings.recommendations.SIMILARITY_MODES", ("tfidf",))
    with pytest.raises(InputError, match=allowed):
        pipeline.resolve_parameters(pipeline.STEPS, parameters.parse_overrides([pair]), source="--set")


def test__read_notebook_parameters__reads_ranges_and_choices():
    declared = parameters.read_notebook_parameters(pipeline.NOTEBOOK_DIR / "02_themes.ipynb")
    assert declared["coding_unit"].choices == ("paragraph", "sentence")
    assert (declared["top_n_terms"].minimum, declared["top_n_terms"].maximum) == (1, 100)


def test__check_hand_made_inputs__an_unknown_recommendation_id_is_refused_before_kernels(tiny_data):
    review = tiny_data / "followthrough_review.csv"
    review.write_text(
        "recommendation_id,later_meeting_id,verdict,note\n2016-tactical:R99,2024-brussels,implemented,\n",
        encoding="utf-8",
    )
    selected = corpus.load_manifest(tiny_data / "meetings.csv", tiny_data / "raw")
    with pytest.raises(InputError, match=r"line 2: recommendation_id '2016-tactical:R99' is unknown"):
        pipeline.check_hand_made_inputs(tiny_data, selected)


# 8. Read-only output folders.
def test__build__an_output_folder_that_cannot_be_written_is_named_before_any_step(tiny_data, tmp_path, fake_kernels):
    out = tmp_path / "out"
    (out / "build").mkdir(parents=True)
    (out / "build" / publishing.OWNER_MARKER).write_text("")
    (out / "figures").write_text("a file where the charts folder should be")  # unwritable even for root
    with pytest.raises(InputError, match=r"figures: cannot write output there"):
        pipeline.build(request(tiny_data, out))
    assert not (out / "build" / "staging").exists(), "no step ran"


def test__check_writable__a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "report"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: permissions do not stop writes")
        with pytest.raises(InputError, match="report: cannot write"):
            publishing.check_writable([folder])
    finally:
        folder.chmod(0o755)


# 9. Multi-line quoted cells.
def test__load_manifest__line_numbers_count_lines_inside_quoted_cells(tiny_data):
    manifest = tiny_data / "meetings.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    first = lines[1].rsplit(",", 1)
    lines[1] = f'{first[0]},"a note\nover\nthree lines"'
    bad = lines[2].replace(lines[2].split(",")[2], "2016-02-31", 1)
    manifest.write_text("\n".join([lines[0], lines[1], bad]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 5: start_date '2016-02-31'"):
        corpus.load_manifest(manifest, tiny_data / "raw")


# 10. source_file outside data/raw.
@pytest.mark.parametrize("source", ["/etc/passwd", "../../etc/passwd", "../meetings.csv"])
def test__load_manifest__source_file_must_be_inside_raw(tiny_data, source):
    manifest = tiny_data / "meetings.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    current = corpus.load_manifest(manifest, tiny_data / "raw")[0].source_file
    manifest.write_text("\n".join(lines).replace(current, source) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="is not inside"):
        corpus.load_manifest(manifest, tiny_data / "raw", check_files=False)


# 11. Files written with ordinary permissions.
def test__write_bytes_atomically__gives_ordinary_permissions(tmp_path):
    path = tmp_path / "table.csv"
    write_bytes_atomically(path, b"a\n")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


# 12. --check compares the report.
def test__pdf_is_complete__a_truncated_pdf_is_not(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"x" * 5000 + b"\n%%EOF\n")
    assert cli.pdf_is_complete(pdf)
    pdf.write_bytes(pdf.read_bytes()[:3000])
    assert not cli.pdf_is_complete(pdf)


@pytest.mark.slow
def test__check__a_truncated_html_report_fails(tiny_data, tmp_path):
    out = tmp_path / "out"
    args = ["--data", str(tiny_data), "--out", str(out)]
    assert cli.main([*args, "--no-pdf"]) == 0
    assert cli.main([*args]) == 0  # the PDF too
    html = out / "report" / "report.html"
    html.write_bytes(html.read_bytes()[:1000])
    assert cli.main([*args, "--check"]) == 1


# 13. --out into a folder build.py did not make.
def test__build__refuses_an_out_folder_it_did_not_make(tiny_data, tmp_path, fake_kernels):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_text("mine")
    with pytest.raises(InputError, match="not empty and was not made by build.py"):
        pipeline.build(request(tiny_data, out))
    assert [p.name for p in out.iterdir()] == ["chapter1.docx"]


def test__build__reuses_an_out_folder_it_made(tiny_data, tmp_path, fake_kernels):
    out = tmp_path / "out"
    assert pipeline.build(request(tiny_data, out)).outcome == "built"
    assert pipeline.build(request(tiny_data, out)).outcome == "up to date"
