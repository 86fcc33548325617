"""Chapter set-up: one selection rule for every notebook, and hand runs that never overwrite the build's outputs."""

import json
from pathlib import Path

import pandas as pd
import pytest

from msmeetings import chapter, parameters, pipeline

from .conftest import DATA, ROOT


def test__load_selection__subset_keeps_only_its_meetings_and_their_segments():
    selection = chapter.load_selection(DATA, DATA / "processed", "2018-hague,2023-hague")
    assert selection.meeting_ids == ["2018-hague", "2023-hague"]
    assert set(selection.segments["meeting_id"]) == {"2018-hague", "2023-hague"}
    assert list(selection.segments.index) == list(range(len(selection.segments)))
    assert len(selection.all_meetings) == 5


def test__load_selection__documents_not_in_english_are_chosen_but_not_analysed(data_copy):
    manifest = data_copy / "meetings.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(",en,2021-11_", ",fr,2021-11_"), encoding="utf-8")
    selection = chapter.load_selection(data_copy, DATA / "processed", "")
    assert [m.meeting_id for m in selection.not_english] == ["2021-annual"]
    assert "2021-annual" not in selection.meeting_ids
    assert "2021-annual" in {m.meeting_id for m in selection.chosen}
    assert "2021-annual" not in set(selection.segments["meeting_id"])


def test__output_folders__build_folders_are_used_as_given(tmp_path):
    processed, figures = chapter.output_folders(tmp_path / "p", tmp_path / "f", "03_key_figures", {"meetings": "x"})
    assert (processed, figures) == (tmp_path / "p", tmp_path / "f")


def test__output_folders__hand_run_with_defaults_writes_the_repository():
    repository = ROOT / "data" / "processed"
    processed, _ = chapter.output_folders(repository, ROOT / "figures", "03_key_figures", {"meetings": ""})
    assert processed == ROOT / "data" / "processed"


def test__output_folders__hand_run_with_other_parameters_goes_to_scratch(capsys):
    processed, figures = chapter.output_folders(
        ROOT / "data" / "processed", ROOT / "figures", "03_key_figures", {"meetings": "2023-hague", "min_score": 0.95}
    )
    assert processed == chapter.SCRATCH / "03_key_figures" / "processed"
    assert figures == chapter.SCRATCH / "03_key_figures" / "figures"
    said = capsys.readouterr().out
    assert "meetings" in said and "min_score" not in said and str(processed) in said


@pytest.mark.parametrize("step", pipeline.STEPS, ids=lambda s: s.name)
def test__notebook_defaults__agree_with_params_default_yml(step):
    defaults = chapter.default_parameters()
    for name, param in parameters.read_notebook_parameters(step.notebook).items():
        if name in pipeline.PATH_PARAMETERS:
            continue
        assert name in defaults, f"{step.name} declares {name}, which params/default.yml lacks"
        assert param.default == defaults[name], f"{step.name}: {name} = {param.default!r} ≠ {defaults[name]!r}"


def test__notebooks__no_lambda_in_code_cells():
    offenders = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        offenders += [path.name for c in nb["cells"] if c["cell_type"] == "code" and "lambda" in "".join(c["source"])]
    assert not offenders, f"prose and logic belong in tested describe_* functions: {sorted(set(offenders))}"


@pytest.mark.slow
def test__notebook_run_by_hand_with_a_subset__leaves_the_repository_tables_alone(tmp_path):
    import subprocess
    import sys

    committed = (ROOT / "data" / "processed" / "quantities.csv").read_bytes()
    scratch = chapter.SCRATCH / "03_key_figures" / "processed" / "quantities.csv"
    scratch.unlink(missing_ok=True)
    papermill = Path(sys.executable).parent / "papermill"
    result = subprocess.run(
        [str(papermill), "--no-progress-bar", "03_key_figures.ipynb", str(tmp_path / "out.ipynb"), "-p", "meetings", "2023-hague"],
        cwd=ROOT / "notebooks",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (ROOT / "data" / "processed" / "quantities.csv").read_bytes() == committed
    assert scratch.is_file() and set(pd.read_csv(scratch)["meeting_id"]) == {"2023-hague"}
