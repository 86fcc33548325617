"""The pipeline: its steps declared in one place, their parameters, and incremental execution.

This module is imported by `build.py` on every run, including a no-change rebuild that must finish
in well under a second, so it imports nothing heavy (pandas, papermill, nbconvert) at module level.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from msmeetings import tables
from msmeetings.corpus import sha256_file
from msmeetings.errors import InputError, StepError

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
PACKAGE_DIR = Path(__file__).resolve().parent
# Parameters the build sets itself, from the output folder; they are not taken from params files.
PATH_PARAMETERS = ("data_dir", "processed_dir", "figures_dir")
VERSIONED_PACKAGES = (
    "pandas",
    "matplotlib",
    "numpy",
    "scikit-learn",
    "text2num",
    "papermill",
    "nbconvert",
    "weasyprint",
)


@dataclass(frozen=True)
class Step:
    """One chapter notebook: the tables it reads and writes, the hand-made inputs it opens, its charts.

    Tables and inputs are named as in `msmeetings.tables`; the file references the planner hashes
    (`processed/...`, `data/...`, `figures/...`) are derived from those names.
    """

    name: str
    reads: tuple[str, ...] = ()  # processed tables written by earlier steps
    uses: tuple[str, ...] = ()  # hand-made inputs under data/
    charts: tuple[str, ...] = ()  # chart stems, each written as SVG and PNG
    placement: str = "body"  # where the chapter stands in the report: front, body or back

    @property
    def notebook(self) -> Path:
        """The notebook this step executes."""
        return NOTEBOOK_DIR / f"{self.name}.ipynb"

    @property
    def writes(self) -> tuple[str, ...]:
        """Names of the tables this step writes (from the catalogue)."""
        return tuple(t.name for t in tables.tables_written_by(self.name))

    @property
    def inputs(self) -> tuple[str, ...]:
        """File references the step's outputs depend on."""
        return tuple(tables.input_ref(name) for name in self.uses) + tuple(
            tables.table(name).ref for name in self.reads
        )

    @property
    def outputs(self) -> tuple[str, ...]:
        """File references the step must write."""
        return tuple(tables.table(name).ref for name in self.writes) + tuple(
            f"figures/{stem}.{ext}" for stem in self.charts for ext in ("svg", "png")
        )


# Every table the summary, synthesis and methods chapters may read.
SYNTHESIS_READS = (
    "corpus_overview",
    "theme_matrix",
    "theme_codes",
    "theme_validation",
    "quantities",
    "quantity_validation",
    "actors",
    "actor_validation",
    "recommendations",
    "followthrough",
)

STEPS: tuple[Step, ...] = (
    Step("01_corpus", uses=("manifest",), charts=("01_timeline",)),
    Step(
        "02_themes",
        reads=("segments",),
        uses=("manifest", "codebook", "theme_judgements"),
        charts=("02_theme_heatmap", "02_theme_cooccurrence"),
    ),
    Step(
        "03_key_figures",
        reads=("segments",),
        uses=("manifest", "quantities_gold"),
        charts=("03_enforcement_figures", "03_category_matrix"),
    ),
    Step(
        "04_actors",
        reads=("segments",),
        uses=("manifest", "countries", "organisations", "actors_gold"),
        charts=("04_countries_by_region", "04_organisation_timeline", "04_actor_network"),
    ),
    Step(
        "05_recommendations",
        reads=("segments",),
        uses=("manifest", "codebook", "followthrough_review"),
        charts=("05_followthrough_matrix", "05_chains"),
    ),
    Step("06_summary", reads=SYNTHESIS_READS, uses=("manifest", "codebook"), placement="front"),
    Step("07_synthesis", reads=SYNTHESIS_READS, uses=("manifest", "codebook"), charts=("07_theme_trends",)),
    Step("08_methods", reads=SYNTHESIS_READS, uses=("manifest", "codebook"), placement="back"),
)


@dataclass(frozen=True)
class Parameter:
    """A parameter as a notebook's parameters cell declares it."""

    name: str
    type_name: str
    default: object
    help: str


_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>[\w\[\], ]+?)\s*=\s*(?P<value>.+?)\s*(?:#\s*(?P<help>.*))?$"
)


def read_notebook_parameters(path: Path) -> dict[str, Parameter]:
    """Parse the cell tagged `parameters` (lines `name: type = default  # help`).

    papermill.inspect_notebook does the same but costs seconds of import time; a test checks
    that both agree on every notebook.
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise InputError(f"{path}: needs exactly one cell tagged 'parameters' (found {len(cells)}).")
    source = cells[0]["source"]
    source = "".join(source) if isinstance(source, list) else source
    params: dict[str, Parameter] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _PARAM_LINE.match(line.strip())
        if not match:
            raise InputError(
                f"{path}: parameters cell line {number} '{line}' is not of the form `name: type = default  # help`."
            )
        value = match["value"]
        if match["help"] is None and "#" in value:
            value = value.split("#", 1)[0].strip()
        params[match["name"]] = Parameter(
            match["name"], match["type"].strip(), ast.literal_eval(value), match["help"] or ""
        )
    return params


def coerce_parameter(param: Parameter, value: object, *, notebooks: list[str]) -> object:
    """Check (and, for command-line strings, convert) a value against its declared type."""
    where = f"parameter '{param.name}' (declared as {param.type_name} in {', '.join(notebooks)})"
    kind = param.type_name
    if isinstance(value, str) and kind != "str":
        text = value.strip()
        try:
            if kind == "bool":
                if text.lower() not in ("true", "false", "yes", "no", "1", "0"):
                    raise ValueError(text)
                return text.lower() in ("true", "yes", "1")
            if kind == "int":
                return int(text)
            if kind == "float":
                return float(text)
        except ValueError:
            raise InputError(
                f"{where}: '{value}' is not a valid {kind}. Give e.g. --set {param.name}={param.default!r}."
            ) from None
    expected = {"str": str, "int": int, "float": (int, float), "bool": bool}.get(kind)
    if expected is None:
        return value
    if isinstance(value, bool) and kind != "bool" or not isinstance(value, expected):
        raise InputError(f"{where}: {value!r} is a {type(value).__name__}, not a {kind}.")
    return float(value) if kind == "float" else value


def load_params_file(path: Path) -> dict[str, object]:
    """Read a YAML parameters file (a flat mapping)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise InputError(f"{path}: parameters file not found. Use params/default.yml or give --params PATH.") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc}). Fix the syntax; see params/default.yml.") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: must be a mapping of parameter names to values.")
    return data


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """Turn `--set name=value` pairs into a mapping."""
    overrides: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--set {pair}: expected name=value, e.g. --set coding_unit=sentence.")
        overrides[name.strip()] = value
    return overrides


def resolve_parameters(
    steps: tuple[Step, ...], values: dict[str, object], *, source: str
) -> dict[str, dict[str, object]]:
    """Validate parameter values against what the notebooks declare; return each step's values.

    Raises:
        InputError: an unknown name (naming the notebooks and what they accept) or an ill-typed value.
    """
    declared = {step.name: read_notebook_parameters(step.notebook) for step in steps}
    owners: dict[str, list[str]] = {}
    for step_name, params in declared.items():
        for name in params:
            owners.setdefault(name, []).append(f"{step_name}.ipynb")
    for name in values:
        if name in PATH_PARAMETERS:
            raise InputError(
                f"{source}: parameter '{name}' is set by build.py from --out; remove it and use --out DIR."
            )
        if name not in owners:
            accepted = sorted(n for n in owners if n not in PATH_PARAMETERS)
            raise InputError(
                f"{source}: unknown parameter '{name}'. No notebook declares it. Parameters accepted: "
                + "; ".join(f"{n} ({', '.join(owners[n])})" for n in accepted)
                + "."
            )
    per_step: dict[str, dict[str, object]] = {}
    for step_name, params in declared.items():
        chosen = {}
        for name, param in params.items():
            if name in values:
                chosen[name] = coerce_parameter(param, values[name], notebooks=owners[name])
        per_step[step_name] = chosen
    return per_step


def sha256_bytes(data: bytes) -> str:
    """Return the hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def hash_file(path: Path) -> str | None:
    """Return a file's sha256, or None if it does not exist."""
    try:
        return sha256_file(path)
    except FileNotFoundError:
        return None


def notebook_source_hash(path: Path) -> str:
    """Hash a notebook's cell sources and tags, ignoring outputs and execution counts."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = [(c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", [])) for c in nb["cells"]]
    return sha256_bytes(json.dumps(parts, sort_keys=True).encode())


def package_code_hash() -> str:
    """Hash every module of the package, plus the versions of the libraries that shape outputs."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    for name in VERSIONED_PACKAGES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=absent".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


@dataclass
class Layout:
    """Where a build reads its inputs and writes its outputs."""

    out: Path
    data_dir: Path = ROOT / "data"

    @property
    def processed(self) -> Path:
        """Tables."""
        return self.out / "data" / "processed"

    @property
    def figures(self) -> Path:
        """Charts."""
        return self.out / "figures"

    @property
    def report(self) -> Path:
        """report.html and report.pdf."""
        return self.out / "report"

    @property
    def build(self) -> Path:
        """Executed notebooks, build state and staging; ignored by git."""
        return ROOT / "build" if self.out == ROOT else self.out / "build"

    def resolve(self, ref: str, *, processed: Path | None = None, figures: Path | None = None) -> Path:
        """Map a step's input or output reference to a path."""
        head, _, tail = ref.partition("/")
        if head == "processed":
            return (processed or self.processed) / tail
        if head == "figures":
            return (figures or self.figures) / tail
        if head == "data":
            return self.data_dir / tail
        return ROOT / ref


@dataclass
class Plan:
    """What a build will do, step by step, and why."""

    decisions: list[tuple[Step, bool, str]] = field(default_factory=list)
    report_reason: str = ""


def load_state(layout: Layout) -> dict:
    """Read the record of the last successful build."""
    try:
        return json.loads((layout.build / "state.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def step_fingerprint(
    step: Step,
    params: dict[str, object],
    layout: Layout,
    code_hash: str,
    raw_hashes: dict[str, str],
    *,
    processed: Path | None = None,
) -> str:
    """Everything a step's outputs depend on, hashed: notebook, parameters, inputs, code, raw texts."""
    inputs = {ref: hash_file(layout.resolve(ref, processed=processed)) for ref in step.inputs}
    payload = {
        "notebook": notebook_source_hash(step.notebook),
        "params": params,
        "inputs": inputs,
        "code": code_hash,
        "raw": raw_hashes,
    }
    return sha256_bytes(json.dumps(payload, sort_keys=True, default=str).encode())


def outputs_intact(step: Step, layout: Layout, recorded: dict) -> bool:
    """True when the executed notebook (the report's input) and every declared output are as last built."""
    if not (layout.build / "executed" / f"{step.name}.ipynb").is_file() or "outputs" not in recorded:
        return False
    hashes = recorded["outputs"]
    return all(hash_file(layout.resolve(ref)) == hashes.get(ref) for ref in step.outputs)


def plan_build(
    steps,
    per_step_params,
    layout: Layout,
    state: dict,
    code_hash: str,
    raw_hashes: dict,
    *,
    force: bool,
    pdf: bool = True,
) -> Plan:
    """Decide, without running anything, which steps need to run and why."""
    plan = Plan()
    upstream_changed = False
    for step in steps:
        recorded = state.get("steps", {}).get(step.name, {})
        fingerprint = step_fingerprint(step, per_step_params[step.name], layout, code_hash, raw_hashes)
        if force:
            run, why = True, "--force"
        elif not recorded:
            run, why = True, "never built into this output folder"
        elif upstream_changed:
            run, why = True, "an earlier step will run and may change its inputs"
        elif recorded.get("fingerprint") != fingerprint:
            run, why = True, "notebook, parameters, inputs or package code changed"
        elif not outputs_intact(step, layout, recorded):
            run, why = True, "an output is missing or was changed by hand"
        else:
            run, why = False, "up to date"
        upstream_changed = upstream_changed or run
        plan.decisions.append((step, run, why))
    report_files = [layout.report / "report.html"] + ([layout.report / "report.pdf"] if pdf else [])
    if upstream_changed:
        plan.report_reason = "chapters will be re-executed"
    else:
        recorded = state.get("report", {})
        # Missing, never written by a build (an HTML-only build leaves the PDF unrecorded), or edited.
        if any(hash_file(p) is None or hash_file(p) != recorded.get(p.name) for p in report_files):
            plan.report_reason = "report missing, out of date or changed by hand"
    return plan


def strip_timing(nb) -> None:
    """Drop wall-clock metadata papermill and nbclient add, so executed notebooks are stable."""
    for key in ("start_time", "end_time", "duration"):
        nb.metadata.get("papermill", {}).pop(key, None)
    nb.metadata.get("papermill", {}).pop("environment_variables", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for key in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(key, None)


def describe_failure(nb, notebook: Path, executed: Path) -> str:
    """Name the notebook, the failing cell and its error, from a partially executed notebook."""
    # Number cells as the source notebook does: papermill adds parameter and error-banner cells.
    added = {"injected-parameters", "papermill-error-cell-tag"}
    source_cells = [c for c in nb.cells if not added & set(c.get("metadata", {}).get("tags", []))]
    for index, cell in enumerate(source_cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = "".join(cell.source).strip().splitlines()[:1]
                return (
                    f"{notebook.name}: cell {index} ({first_line[0] if first_line else 'empty'!s}) failed with "
                    f"{output['ename']}: {output['evalue'].rstrip('.')}. The partially executed notebook is kept at "
                    f"{executed}; the previous report and tables are unchanged."
                )
    return f"{notebook.name} failed; see {executed}. The previous report and tables are unchanged."


def execute_step(step: Step, params: dict[str, object], layout: Layout, staging: Path) -> Path:
    """Run one notebook with papermill into the build folder; raise StepError naming the failing cell."""
    import nbformat
    import papermill

    executed = layout.build / "executed" / f"{step.name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    parameters = {
        "data_dir": str(layout.data_dir),
        "processed_dir": str(staging / "processed"),
        "figures_dir": str(staging / "figures"),
        **params,
    }
    try:
        papermill.execute_notebook(
            str(step.notebook),
            str(executed),
            parameters=parameters,
            cwd=str(NOTEBOOK_DIR),
            progress_bar=False,
            log_output=False,
            kernel_name="python3",
            # The kernel's own log (a TCP-transport warning at start, an interrupt at shutdown) means nothing
            # to a reader; errors in cells reach the build through the executed notebook instead.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except papermill.PapermillExecutionError:
        nb = nbformat.read(executed, as_version=4)
        raise StepError(describe_failure(nb, step.notebook, executed)) from None
    nb = nbformat.read(executed, as_version=4)
    strip_timing(nb)
    nbformat.write(nb, executed)
    missing = [
        ref
        for ref in step.outputs
        if not layout.resolve(ref, processed=staging / "processed", figures=staging / "figures").is_file()
    ]
    if missing:
        raise StepError(
            f"{step.notebook.name} ran but did not write {', '.join(missing)}; the step's declaration in msmeetings.pipeline.STEPS and the notebook disagree."
        )
    return executed


def report_order(steps: tuple[Step, ...]) -> list[Step]:
    """Chapters in reading order: the summary first, methods last, the rest as declared."""
    rank = {"front": 0, "body": 1, "back": 2}
    return sorted(steps, key=lambda step: rank[step.placement])


def upstream_steps(steps: tuple[Step, ...]) -> dict[str, set[str]]:
    """For each step, the earlier steps whose outputs it reads (derived from the declarations)."""
    producer = {ref: step.name for step in steps for ref in step.outputs}
    return {step.name: {producer[ref] for ref in step.inputs if ref in producer} for step in steps}


def publish(staging: Path, layout: Layout) -> list[Path]:
    """Move staged outputs into place file by file (rename), only where bytes changed."""
    changed = []
    for sub, final in (("processed", layout.processed), ("figures", layout.figures), ("report", layout.report)):
        source = staging / sub
        if not source.is_dir():
            continue
        for path in sorted(source.rglob("*")):
            if path.is_dir():
                continue
            target = final / path.relative_to(source)
            if hash_file(target) == hash_file(path):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            changed.append(target)
    return changed


def prepare_staging(layout: Layout) -> Path:
    """A fresh staging folder holding copies of the current tables and charts."""
    staging = layout.build / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    for sub, final in (("processed", layout.processed), ("figures", layout.figures)):
        if final.is_dir():
            shutil.copytree(final, staging / sub)
        else:
            (staging / sub).mkdir(parents=True)
    (staging / "report").mkdir(parents=True, exist_ok=True)
    return staging


def format_seconds(seconds: float) -> str:
    """Human-readable elapsed time."""
    return f"{seconds:.1f} s" if seconds < 90 else f"{seconds / 60:.1f} min"


def now() -> float:
    """Monotonic clock for progress messages (never written into outputs)."""
    return time.perf_counter()
