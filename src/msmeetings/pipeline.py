"""The pipeline: its steps declared in one place, and their incremental execution (parameters: see parameters.py).

This module is imported by `build.py` on every run, including a no-change rebuild that must finish
in well under a second, so it imports nothing heavy (pandas, papermill, nbconvert) at module level.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from msmeetings import tables
from msmeetings.corpus import sha256_file
from msmeetings.errors import InputError, StepError
from msmeetings.parameters import coerce_parameter, load_params_file, parse_overrides, read_notebook_parameters

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
    "pycountry",
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
    "segments",
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
        uses=("manifest", "codebook", "followthrough_review", "followthrough_judgements", "similarity_modes"),
        charts=("05_followthrough_matrix", "05_chains"),
    ),
    Step("06_summary", reads=SYNTHESIS_READS, uses=("manifest", "codebook", "findings"), placement="front"),
    Step(
        "07_synthesis",
        reads=SYNTHESIS_READS,
        uses=("manifest", "codebook", "findings"),
        charts=("07_theme_trends",),
    ),
    Step(
        "08_methods",
        reads=SYNTHESIS_READS,
        uses=("manifest", "codebook", "findings", "extractor_scores"),
        placement="back",
    ),
)


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
    # The report's stylesheet shapes the PDF as much as the code does.
    for path in sorted([*PACKAGE_DIR.rglob("*.py"), *PACKAGE_DIR.rglob("*.css")]):
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
    # Per step, the hashes its fingerprint is made of, taken when the build was planned: an input
    # edited while the build runs is then recorded as not built (see record_state).
    inputs: dict[str, dict[str, str | None]] = field(default_factory=dict)


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
    inputs: dict[str, str | None] | None = None,
) -> str:
    """Everything a step's outputs depend on, hashed: notebook, parameters, inputs, code, raw texts.

    `inputs` gives the hashes of notebook and input files taken earlier (see input_hashes); by
    default they are taken now.
    """
    inputs = dict(inputs) if inputs is not None else input_hashes(step, layout, processed=processed)
    payload = {
        "notebook": inputs.pop("notebook"),
        "params": params,
        "inputs": inputs,
        "code": code_hash,
        "raw": raw_hashes,
    }
    return sha256_bytes(json.dumps(payload, sort_keys=True, default=str).encode())


def input_hashes(step: Step, layout: Layout, *, processed: Path | None = None) -> dict[str, str | None]:
    """The hashes of a step's notebook and input files, as they are now."""
    hashes = {ref: hash_file(layout.resolve(ref, processed=processed)) for ref in step.inputs}
    return {**hashes, "notebook": notebook_source_hash(step.notebook)}


def executed_notebook(layout: Layout, step: Step) -> Path:
    """Where the last finished run of a step keeps its executed notebook (the report's input)."""
    return layout.build / "executed" / f"{step.name}.ipynb"


def outputs_intact(step: Step, layout: Layout, recorded: dict) -> bool:
    """True when the executed notebook (the report's input) and every declared output are as last built.

    The executed notebook is compared by hash, not only by existence: one left by a failed or killed
    run is not the one the last finished build recorded.
    """
    if "outputs" not in recorded or "executed" not in recorded:
        return False
    if hash_file(executed_notebook(layout, step)) != recorded["executed"]:
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
        plan.inputs[step.name] = input_hashes(step, layout)
        fingerprint = step_fingerprint(
            step, per_step_params[step.name], layout, code_hash, raw_hashes, inputs=plan.inputs[step.name]
        )
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
    """Run one notebook with papermill into staging; raise StepError naming the failing cell.

    The executed notebook is staged like every other output and published only with them: a notebook
    in build/executed/ is always one whose run finished. A failed run's notebook is kept in build/failed/.
    """
    import nbformat
    import papermill

    executed = staging / "executed" / f"{step.name}.ipynb"
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
    except papermill.PapermillExecutionError as exc:
        failed = layout.build / "failed" / f"{step.name}.ipynb"
        failed.parent.mkdir(parents=True, exist_ok=True)
        os.replace(executed, failed)
        nb = nbformat.read(failed, as_version=4)
        # A cell that refused bad input (InputError) means the input is bad (exit 2), not the notebook.
        raise StepError(
            describe_failure(nb, step.notebook, failed), exit_code=2 if exc.ename == "InputError" else 1
        ) from None
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
            f"{step.notebook.name} ran but did not write {', '.join(missing)}; the step's declaration in "
            "msmeetings.pipeline.STEPS and the notebook disagree."
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


def staged_moves(staging: Path, layout: Layout) -> list[tuple[Path, Path]]:
    """Every staged file and where it goes: tables, charts, report and executed notebooks."""
    moves = []
    for sub, final in (
        ("processed", layout.processed),
        ("figures", layout.figures),
        ("report", layout.report),
        ("executed", layout.build / "executed"),
    ):
        source = staging / sub
        if source.is_dir():
            moves += [(path, final / path.relative_to(source)) for path in sorted(source.rglob("*")) if path.is_file()]
    return moves


def publish(staging: Path, layout: Layout) -> list[Path]:
    """Put every staged output in place, all or nothing (see msmeetings.publishing); return what changed."""
    from msmeetings import publishing

    changed = publishing.publish(staged_moves(staging, layout), layout.build / publishing.JOURNAL)
    # Executed notebooks are the build's own records, not outputs a reader looks for.
    return [path for path in changed if layout.build not in path.parents]


def prepare_staging(layout: Layout) -> Path:
    """A fresh staging folder holding copies of the current tables and charts."""
    staging = layout.build / "staging"
    # Only ever the build folder's own staging, and only under the output folder's lock.
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


# --- a whole build: validate, plan, run, publish, record -----------------------------------------

# The PDF embeds only fonts that ship with the pinned matplotlib (report.font_faces_css), so --check
# compares its bytes too; False would fall back to checking that it is complete.
PDF_BYTES_REPRODUCIBLE = True


@dataclass
class BuildRequest:
    """What build.py was asked to do (the parsed command line)."""

    params_file: Path
    overrides: list[str]
    data_dir: Path
    out: Path
    force: bool = False
    pdf: bool = True
    jobs: int = 2
    dry_run: bool = False


@dataclass
class BuildResult:
    """What a build did, for the command line to report."""

    layout: Layout
    plan: Plan
    outcome: str  # "dry run", "up to date" or "built"
    seconds: float = 0.0
    changed: list[Path] = field(default_factory=list)
    report_files: list[Path] = field(default_factory=list)
    meeting_ids: list[str] = field(default_factory=list)  # the meetings this build covers
    all_meeting_ids: list[str] = field(default_factory=list)

    @property
    def ran(self) -> int:
        """Steps executed."""
        return sum(1 for _, run, _ in self.plan.decisions if run)


@dataclass
class ValidInputs:
    """Inputs and parameters, checked."""

    layout: Layout
    meetings: list
    selected: list
    per_step: dict[str, dict[str, object]]
    raw_hashes: dict[str, str]


def validate_inputs(request: BuildRequest) -> ValidInputs:
    """Check manifest, raw files and parameters before any kernel starts."""
    from msmeetings.corpus import load_manifest, select_meetings

    layout = Layout(out=request.out, data_dir=request.data_dir.resolve())
    meetings = load_manifest(layout.data_dir / "meetings.csv", layout.data_dir / "raw")
    values = dict(load_params_file(request.params_file))
    values.update(parse_overrides(request.overrides))
    source = f"{request.params_file.name} / --set" if request.overrides else str(request.params_file)
    per_step = resolve_parameters(STEPS, values, source=source)
    selection = next((p["meetings"] for p in per_step.values() if "meetings" in p), "")
    selected = select_meetings(meetings, selection)
    raw_hashes = {m.meeting_id: m.sha256 for m in selected}
    return ValidInputs(layout, meetings, selected, per_step, raw_hashes)


def check_hand_made_inputs(data_dir: Path, selected=(), *, review_ids: bool = True) -> None:
    """Load the codebook, gazetteers and review file once before any kernel starts.

    A bad entry in them is bad input (exit 2, naming the file and entry), not a failed notebook.
    Skipped on a no-change rebuild, which must stay fast.
    """
    from msmeetings import actors, findings, recommendations, themes
    from msmeetings.corpus import check_utf8

    # The loaders below read these with their own parsers; a stray Latin-1 byte must be named by line
    # and byte, not surface as a UnicodeDecodeError from inside pandas or csv.
    for path in sorted(
        [data_dir / "codebook.yml", data_dir / "followthrough_review.csv", *(data_dir / "actors").glob("*.csv")]
    ):
        if path.is_file():
            check_utf8(path)
    codebook = themes.load_codebook(data_dir / "codebook.yml")
    actors.load_gazetteers(data_dir)
    findings.check_findings_file(data_dir)
    review = data_dir / "followthrough_review.csv"
    if review.is_file():
        table = recommendations.load_review(review)
        if review_ids:
            check_review_ids(table, list(selected), data_dir, codebook)


def check_review_ids(review, selected, data_dir: Path, codebook) -> None:
    """Refuse a review row naming a recommendation the extraction does not produce, before any kernel.

    Rows about meetings outside this run are left alone, as apply_review does. Items are numbered
    within their document, so only the documents the review names are segmented and extracted.
    """
    from msmeetings import recommendations
    from msmeetings.corpus import build_segments, split_by_language

    analysed, _ = split_by_language(selected)
    by_id = {m.meeting_id: m for m in analysed}
    named = {rec_id.rsplit(":R", 1)[0] for rec_id in review["recommendation_id"] if ":R" in rec_id}
    wanted = [m for m in analysed if m.meeting_id in named]
    path = review.attrs.get("path", "review file")
    if not wanted:
        return
    items = recommendations.extract_recommendations(build_segments(wanted, data_dir / "raw"), codebook)
    known = set(items["recommendation_id"])
    for row in review.itertuples(index=False):
        rec_meeting = row.recommendation_id.rsplit(":R", 1)[0] if ":R" in row.recommendation_id else ""
        if rec_meeting in by_id and row.later_meeting_id in by_id and row.recommendation_id not in known:
            sample = ", ".join(sorted(i for i in known if i.startswith(rec_meeting + ":"))[:3])
            raise InputError(
                f"{path}: line {row.line}: recommendation_id '{row.recommendation_id}' is unknown. Use an id "
                f"from recommendations.csv (e.g. {sample}); ids are numbered in document order, so check the "
                "row again if the extraction rules changed."
            )


def record_state(plan: Plan, per_step, layout: Layout, code_hash: str, raw_hashes, *, pdf: bool) -> dict:
    """The state of a finished build: each step's fingerprint as planned, and its outputs' hashes now."""
    state: dict = {"steps": {}, "report": {}}
    for step, _, _ in plan.decisions:
        inputs = dict(plan.inputs[step.name])
        # Tables an earlier step wrote in this build are hashed as published; files a researcher edits
        # keep the hash they had when the build was planned, so an edit made while it ran is rebuilt next time.
        inputs.update({ref: hash_file(layout.resolve(ref)) for ref in step.inputs if ref.split("/")[0] != "data"})
        state["steps"][step.name] = {
            "fingerprint": step_fingerprint(step, per_step[step.name], layout, code_hash, raw_hashes, inputs=inputs),
            "outputs": {ref: hash_file(layout.resolve(ref)) for ref in step.outputs},
            "executed": hash_file(executed_notebook(layout, step)),
        }
    state["report"]["report.html"] = hash_file(layout.report / "report.html")
    # A PDF this run did not write belongs to older chapters: recorded as stale, it is remade next time.
    state["report"]["report.pdf"] = hash_file(layout.report / "report.pdf") if pdf else None
    return state


def build(request: BuildRequest) -> BuildResult:
    """Validate, plan, execute what changed, assemble the report, publish it all at once, record the state.

    Raises:
        InputError: bad input, parameter or output folder (nothing ran).
        StepError: a notebook failed (nothing was published).
        OutputError: the outputs could not be put in place (nothing was published).
        BuildLocked: another build is running in the same output folder.
    """
    from msmeetings import publishing
    from msmeetings.files import write_bytes_atomically

    started = now()
    valid = validate_inputs(request)
    layout = valid.layout
    code_hash = package_code_hash()
    if request.dry_run:
        plan = plan_build(
            STEPS, valid.per_step, layout, load_state(layout), code_hash, valid.raw_hashes,
            force=request.force, pdf=request.pdf,
        )  # fmt: skip
        return BuildResult(layout, plan, "dry run", now() - started)
    publishing.claim_output_folder(layout.out, layout.build, repository=ROOT)
    publishing.check_writable([layout.build, layout.processed, layout.figures, layout.report])
    with publishing.OutputLock(layout.build, layout.out):
        if publishing.recover_interrupted_publish(layout.build / publishing.JOURNAL):
            (layout.build / "state.json").unlink(missing_ok=True)
            print("An earlier build was stopped while publishing; its partial changes were rolled back.")
        plan = plan_build(
            STEPS, valid.per_step, layout, load_state(layout), code_hash, valid.raw_hashes,
            force=request.force, pdf=request.pdf,
        )  # fmt: skip
        if not any(run for _, run, _ in plan.decisions) and not plan.report_reason:
            return BuildResult(layout, plan, "up to date", now() - started)

        # The review's ids are checked against an extraction only when the follow-through chapter will run.
        review_step_runs = any(run for step, run, _ in plan.decisions if "data/followthrough_review.csv" in step.inputs)
        check_hand_made_inputs(layout.data_dir, valid.selected, review_ids=review_step_runs)
        staging = prepare_staging(layout)
        from msmeetings import scheduler

        scheduler.run_steps(
            plan, valid.per_step, layout, staging, jobs=request.jobs, execute=execute_step,
            upstream=upstream_steps(tuple(step for step, _, _ in plan.decisions)), clock=now, fmt=format_seconds,
        )  # fmt: skip
        staged = {step.name: staging / "executed" / f"{step.name}.ipynb" for step, run, _ in plan.decisions if run}
        executed = {step.name: staged.get(step.name, executed_notebook(layout, step)) for step, _, _ in plan.decisions}
        missing = [name for name, path in executed.items() if not path.is_file()]
        if missing:
            raise StepError(
                f"executed notebooks missing for {', '.join(missing)} in {layout.build}; run again with --force."
            )

        from msmeetings import report

        print("report: assembling HTML" + (" and PDF" if request.pdf else "") + " ...", flush=True)
        report_started = now()
        report.assemble_report(
            [executed[step.name] for step in report_order(STEPS)],
            out_dir=staging / "report",
            meetings=valid.selected,
            all_meetings=valid.meetings,
            params=valid.per_step,
            data_dir=layout.data_dir,
            processed_dir=staging / "processed",
            figures_dir=staging / "figures",
            pdf=request.pdf,
        )
        print(f"report: done in {format_seconds(now() - report_started)}")

        state_file = layout.build / "state.json"
        # Killed while publishing, the folder holds a mix until the next build rolls it back; without a
        # state that next build also re-runs every step instead of trusting half-published outputs.
        state_file.unlink(missing_ok=True)
        changed = publish(staging, layout)
        state = record_state(plan, valid.per_step, layout, code_hash, valid.raw_hashes, pdf=request.pdf)
        write_bytes_atomically(state_file, json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))
        shutil.rmtree(staging, ignore_errors=True)
    report_files = [layout.report / "report.html"] + ([layout.report / "report.pdf"] if request.pdf else [])
    return BuildResult(
        layout,
        plan,
        "built",
        now() - started,
        changed,
        report_files,
        meeting_ids=[m.meeting_id for m in valid.selected],
        all_meeting_ids=[m.meeting_id for m in valid.meetings],
    )
