"""Parameters, step planning and the executed-notebook hygiene of the pipeline."""

import ast
import json

import nbformat
import papermill
import pytest

from msmeetings import parameters, pipeline
from msmeetings.errors import InputError


@pytest.mark.parametrize("step", pipeline.STEPS, ids=lambda s: s.name)
def test__read_notebook_parameters__agrees_with_papermill(step):
    ours = parameters.read_notebook_parameters(step.notebook)
    theirs = papermill.inspect_notebook(str(step.notebook))
    assert list(ours) == list(theirs)
    for name, param in ours.items():
        assert param.type_name == theirs[name]["inferred_type_name"]
        assert param.default == ast.literal_eval(theirs[name]["default"])
        assert param.help, f"{step.name}: parameter {name} has no help comment"


@pytest.mark.parametrize("step", pipeline.STEPS, ids=lambda s: s.name)
def test__notebooks__declare_the_standard_parameters_and_are_committed_without_outputs(step):
    params = parameters.read_notebook_parameters(step.notebook)
    assert {"processed_dir", "figures_dir", "data_dir", "meetings"} <= set(params)
    nb = nbformat.read(step.notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{step.name} has outputs committed"
            assert "def " not in cell.source and "class " not in cell.source, (
                f"{step.name}: logic belongs in the package"
            )
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


def test__steps__declared_once_each_with_its_notebook():
    names = [s.name for s in pipeline.STEPS]
    assert len(names) == len(set(names))
    notebooks = sorted(p.stem for p in pipeline.NOTEBOOK_DIR.glob("*.ipynb"))
    assert notebooks == sorted(names), "every notebook is a declared step and every step has a notebook"


def test__resolve_parameters__unknown_name_lists_what_notebooks_accept():
    with pytest.raises(InputError) as info:
        pipeline.resolve_parameters(pipeline.STEPS, {"coding_unti": "sentence"}, source="--set")
    message = str(info.value)
    assert "unknown parameter 'coding_unti'" in message
    assert "meetings (01_corpus.ipynb" in message


def test__resolve_parameters__path_parameters_are_reserved_for_out():
    with pytest.raises(InputError, match="set by build.py from --out"):
        pipeline.resolve_parameters(pipeline.STEPS, {"processed_dir": "/tmp"}, source="params.yml")


@pytest.mark.parametrize(
    ("type_name", "value", "expected"),
    [("int", "3", 3), ("float", "0.5", 0.5), ("bool", "false", False), ("str", "12", "12"), ("float", 2, 2.0)],
)
def test__coerce_parameter__converts_command_line_strings(type_name, value, expected):
    param = parameters.Parameter("x", type_name, None, "")
    assert parameters.coerce_parameter(param, value, notebooks=["n.ipynb"]) == expected


@pytest.mark.parametrize(
    ("type_name", "value"), [("int", "three"), ("int", 2.5), ("bool", "maybe"), ("str", 5), ("int", True)]
)
def test__coerce_parameter__wrong_type_names_parameter_and_notebook(type_name, value):
    param = parameters.Parameter("top_n", type_name, 1, "")
    with pytest.raises(InputError, match=r"parameter 'top_n' \(declared as .* in n.ipynb\)"):
        parameters.coerce_parameter(param, value, notebooks=["n.ipynb"])


def test__parse_overrides__needs_name_equals_value():
    assert parameters.parse_overrides(["a=1", "b=x=y"]) == {"a": "1", "b": "x=y"}
    with pytest.raises(InputError, match="expected name=value"):
        parameters.parse_overrides(["novalue"])


def test__read_notebook_parameters__refuses_an_untyped_line(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 3")
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(InputError, match="not of the form `name: type = default  # help`"):
        parameters.read_notebook_parameters(path)


def test__strip_timing__removes_wall_clock_metadata():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"start_time": "t", "end_time": "t", "duration": 1.0, "parameters": {}}
    cell = nbformat.v4.new_code_cell("1")
    cell.metadata["execution"] = {"iopub.execute_input": "t"}
    cell.metadata["papermill"] = {"start_time": "t", "duration": 2, "status": "completed"}
    nb.cells = [cell]
    pipeline.strip_timing(nb)
    text = json.dumps(nb)
    assert "start_time" not in text and "duration" not in text and "iopub" not in text


def test__plan_build__reruns_only_what_changed(tmp_path):
    layout = pipeline.Layout(out=tmp_path)
    step = pipeline.STEPS[0]
    params = {s.name: {} for s in pipeline.STEPS}
    code = pipeline.package_code_hash()
    plan = pipeline.plan_build(pipeline.STEPS, params, layout, {}, code, {"m": "1"}, force=False)
    assert plan.decisions[0][1] and "never built" in plan.decisions[0][2]
    for ref in step.outputs:
        path = layout.resolve(ref)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    executed = layout.build / "executed" / f"{step.name}.ipynb"
    executed.parent.mkdir(parents=True)
    executed.write_text("{}")
    state = {
        "steps": {
            step.name: {
                "fingerprint": pipeline.step_fingerprint(step, {}, layout, code, {"m": "1"}),
                "outputs": {ref: pipeline.hash_file(layout.resolve(ref)) for ref in step.outputs},
                "executed": pipeline.hash_file(executed),
            }
        }
    }
    assert pipeline.plan_build(pipeline.STEPS[:1], params, layout, state, code, {"m": "1"}, force=False).decisions[0][
        1:
    ] == (False, "up to date")
    assert (
        "parameters"
        in pipeline.plan_build(
            pipeline.STEPS[:1], {step.name: {"meetings": "x"}}, layout, state, code, {"m": "1"}, force=False
        ).decisions[0][2]
    )
    assert pipeline.plan_build(pipeline.STEPS[:1], params, layout, state, code, {"m": "2"}, force=False).decisions[0][1]
    executed.unlink()
    assert (
        "changed by hand"
        in pipeline.plan_build(pipeline.STEPS[:1], params, layout, state, code, {"m": "1"}, force=False).decisions[0][2]
    )
    executed.write_text("{}")
    layout.resolve(step.outputs[0]).write_text("edited by hand")
    assert (
        "changed by hand"
        in pipeline.plan_build(pipeline.STEPS[:1], params, layout, state, code, {"m": "1"}, force=False).decisions[0][2]
    )


def test__package_code_hash__covers_the_report_stylesheet(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    (package / "report.css").write_text("body { color: black; }\n")
    monkeypatch.setattr(pipeline, "PACKAGE_DIR", package)
    before = pipeline.package_code_hash()
    (package / "report.css").write_text("body { color: navy; }\n")
    assert pipeline.package_code_hash() != before, "a stylesheet edit must rebuild the report"
