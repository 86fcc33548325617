"""Command line of build.py: validate everything, then run the steps that need running."""

from __future__ import annotations

import argparse
import filecmp
import json
import sys
import tempfile
from pathlib import Path

from msmeetings import pipeline
from msmeetings.errors import InputError, StepError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
DEFAULT_PARAMS = pipeline.ROOT / "params" / "default.yml"


def make_parser() -> argparse.ArgumentParser:
    """The build.py argument parser."""
    parser = argparse.ArgumentParser(
        prog="build.py",
        description=(
            "Execute the chapter notebooks (only those whose notebook, parameters, inputs or package "
            "code changed) and assemble report/report.html and report/report.pdf."
        ),
        epilog="Exit status: 0 success, 1 a notebook failed or --check found drift, 2 bad input or parameter.",
    )
    parser.add_argument(
        "--params",
        type=Path,
        default=DEFAULT_PARAMS,
        help="YAML file of parameter values (default: params/default.yml)",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one parameter, e.g. --set coding_unit=sentence (repeatable)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder for data/processed, figures, report (default: the repository; "
        "with --set or --params, build/variants/NAME so the main report is never overwritten)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=pipeline.ROOT / "data",
        help="input folder holding meetings.csv, raw/ and the codebook (default: data)",
    )
    parser.add_argument("--force", action="store_true", help="re-execute every step")
    parser.add_argument("--dry-run", action="store_true", help="list each step and why it would or would not run")
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild into a temporary folder and compare data/processed and figures with "
        "the committed ones; exit 1 on any difference",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=2,
        metavar="N",
        help="notebooks executed at once when they do not depend on each other (default: 2)",
    )
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF (faster; HTML only)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add = commands.add_parser(
        "add-meeting",
        help="add a document to the corpus: copy it into data/raw and append its manifest row",
        description="Copy a plain-text (UTF-8) document into data/raw unchanged and append a validated row to "
        "data/meetings.csv. Nothing changes if any check fails. Then run `make report`.",
    )
    from msmeetings.add_meeting import add_meeting_arguments

    add_meeting_arguments(add)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run build.py; return its exit status."""
    args = make_parser().parse_args(argv)
    try:
        if args.command == "add-meeting":
            from msmeetings.add_meeting import run_add_meeting

            return run_add_meeting(args)
        if args.check:
            return run_check(args)
        return run_build(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except StepError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED


def variant_name(args) -> str:
    """A folder name for a run with other parameters, e.g. 'meetings=2018-hague,2023-hague'."""
    import re

    parts = [] if args.params == DEFAULT_PARAMS else [args.params.stem]
    parts += sorted(args.overrides)
    return re.sub(r"[^A-Za-z0-9=,._-]+", "_", "+".join(parts))[:120] or "variant"


def output_folder(args) -> Path:
    """Where this run writes: --out, else the repository, else (other parameters) a variant folder."""
    if args.out is not None:
        return args.out.resolve()
    if args.overrides or args.params != DEFAULT_PARAMS or args.data.resolve() != (pipeline.ROOT / "data"):
        return pipeline.ROOT / "build" / "variants" / variant_name(args)
    return pipeline.ROOT


def validate_inputs(args):
    """Check manifest, raw files and parameters before any kernel starts."""
    from msmeetings.corpus import load_manifest, select_meetings

    layout = pipeline.Layout(out=output_folder(args), data_dir=args.data.resolve())
    meetings = load_manifest(layout.data_dir / "meetings.csv", layout.data_dir / "raw")
    values = dict(pipeline.load_params_file(args.params))
    values.update(pipeline.parse_overrides(args.overrides))
    source = f"{args.params.name} / --set" if args.overrides else str(args.params)
    per_step = pipeline.resolve_parameters(pipeline.STEPS, values, source=source)
    selection = next((p["meetings"] for p in per_step.values() if "meetings" in p), "")
    selected = select_meetings(meetings, selection)
    raw_hashes = {m.meeting_id: m.sha256 for m in selected}
    return layout, meetings, selected, per_step, raw_hashes


def run_build(args) -> int:
    """Plan, execute, assemble and publish."""
    started = pipeline.now()
    layout, meetings, selected, per_step, raw_hashes = validate_inputs(args)
    code_hash = pipeline.package_code_hash()
    state = pipeline.load_state(layout)
    plan = pipeline.plan_build(
        pipeline.STEPS, per_step, layout, state, code_hash, raw_hashes, force=args.force, pdf=not args.no_pdf
    )
    total = len(plan.decisions)
    if args.dry_run:
        for index, (step, run, why) in enumerate(plan.decisions, start=1):
            print(f"[{index}/{total}] {step.name}: {'would run' if run else 'skip'} ({why})")
        print(f"report: {'would be assembled (' + plan.report_reason + ')' if plan.report_reason else 'up to date'}")
        return EXIT_OK
    to_run = [d for d in plan.decisions if d[1]]
    if not to_run and not plan.report_reason:
        print(
            f"Everything is up to date ({total} steps, report intact) in {pipeline.format_seconds(pipeline.now() - started)}. "
            "Use --force to re-execute."
        )
        return EXIT_OK

    check_hand_made_inputs(layout.data_dir)
    staging = pipeline.prepare_staging(layout)
    executed = {step.name: layout.build / "executed" / f"{step.name}.ipynb" for step, _, _ in plan.decisions}
    run_steps(plan, per_step, layout, staging, jobs=args.jobs)
    missing = [name for name, path in executed.items() if not path.is_file()]
    if missing:
        raise StepError(
            f"executed notebooks missing for {', '.join(missing)} in {layout.build}; run again with --force."
        )

    from msmeetings.report import assemble_report

    print("report: assembling HTML" + ("" if args.no_pdf else " and PDF") + " ...", flush=True)
    report_started = pipeline.now()
    assemble_report(
        [executed[step.name] for step in pipeline.report_order(pipeline.STEPS)],
        out_dir=staging / "report",
        meetings=selected,
        all_meetings=meetings,
        params=per_step,
        data_dir=layout.data_dir,
        processed_dir=staging / "processed",
        pdf=not args.no_pdf,
    )
    print(f"report: done in {pipeline.format_seconds(pipeline.now() - report_started)}")

    changed = pipeline.publish(staging, layout)
    new_state = {"steps": {}, "report": {}}
    for step, _, _ in plan.decisions:
        new_state["steps"][step.name] = {
            "fingerprint": pipeline.step_fingerprint(step, per_step[step.name], layout, code_hash, raw_hashes),
            "outputs": {ref: pipeline.hash_file(layout.resolve(ref)) for ref in step.outputs},
        }
    new_state["report"]["report.html"] = pipeline.hash_file(layout.report / "report.html")
    # A PDF this run did not write belongs to older chapters: recorded as stale, it is remade next time.
    new_state["report"]["report.pdf"] = None if args.no_pdf else pipeline.hash_file(layout.report / "report.pdf")
    (layout.build / "state.json").write_text(json.dumps(new_state, indent=1, sort_keys=True), encoding="utf-8")
    if layout.out == pipeline.ROOT and changed:
        print_changes(layout)
    ran = len(to_run)
    print(
        f"Built in {pipeline.format_seconds(pipeline.now() - started)}: {ran} of {total} steps executed, "
        f"{len(changed)} files updated. Report: {layout.report / 'report.html'}"
        + ("" if args.no_pdf else f" and {layout.report / 'report.pdf'}")
    )
    return EXIT_OK


def check_hand_made_inputs(data_dir: Path) -> None:
    """Load the codebook, gazetteers and review file once before any kernel starts.

    A bad entry in them is bad input (exit 2, naming the file and entry), not a failed notebook.
    Skipped on a no-change rebuild, which must stay fast.
    """
    from msmeetings import actors, recommendations, themes

    themes.load_codebook(data_dir / "codebook.yml")
    actors.load_gazetteers(data_dir)
    review = data_dir / "followthrough_review.csv"
    if review.is_file():
        recommendations.load_review(review)


def run_steps(plan, per_step, layout, staging, *, jobs: int) -> None:
    """Execute the planned steps, up to `jobs` at once, each as soon as the steps it reads are done."""
    import os
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    # Kernels inherit it: iteration order of sets, hence of some outputs, is the same every run.
    os.environ["PYTHONHASHSEED"] = "0"
    total = len(plan.decisions)
    number = {step.name: i for i, (step, _, _) in enumerate(plan.decisions, start=1)}
    pending = {step.name: (step, why) for step, run, why in plan.decisions if run}
    for step, run, _ in plan.decisions:
        if not run:
            print(f"[{number[step.name]}/{total}] {step.name}: up to date, skipped")
    upstream = pipeline.upstream_steps(tuple(step for step, _, _ in plan.decisions))
    running: dict = {}
    started: dict[str, float] = {}
    failure: BaseException | None = None
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        while pending or running:
            if failure is None:
                for name in [n for n in pending if not (upstream[n] & (set(pending) | set(running.values())))]:
                    if len(running) >= max(1, jobs):
                        break
                    step, why = pending.pop(name)
                    print(f"[{number[name]}/{total}] {name}: running ({why}) ...", flush=True)
                    started[name] = pipeline.now()
                    running[pool.submit(pipeline.execute_step, step, per_step[name], layout, staging)] = name
            elif not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                name = running.pop(future)
                try:
                    future.result()
                except BaseException as exc:  # re-raised once the steps already running have ended
                    failure = failure or exc
                    continue
                print(
                    f"[{number[name]}/{total}] {name}: done in {pipeline.format_seconds(pipeline.now() - started[name])}",
                    flush=True,
                )
    if failure is not None:
        raise failure


def print_changes(layout) -> None:
    """Say in plain language how the new tables differ from the versions committed in git."""
    from msmeetings import changes

    try:
        new = changes.load_tables(layout.processed)
        old = changes.load_committed_tables(pipeline.ROOT, names=list(new))
        lines = changes.describe_changes(old, new, actor_names=changes.load_actor_names(layout.data_dir))
    except InputError as exc:  # a summary is a courtesy; it must never fail a good build
        print(f"(could not compare with the committed tables: {exc})")
        return
    if lines:
        print("What changed since the committed tables:")
        for line in lines:
            print(f"  - {line}")


def compare_trees(expected: Path, actual: Path) -> list[str]:
    """List files that differ, are missing or are extra between two folders."""
    problems = []
    expected_files = (
        {p.relative_to(expected) for p in expected.rglob("*") if p.is_file()} if expected.is_dir() else set()
    )
    actual_files = {p.relative_to(actual) for p in actual.rglob("*") if p.is_file()} if actual.is_dir() else set()
    for rel in sorted(expected_files | actual_files):
        if rel not in actual_files:
            problems.append(f"{rel}: committed but not produced by the rebuild")
        elif rel not in expected_files:
            problems.append(f"{rel}: produced by the rebuild but not committed")
        elif not filecmp.cmp(expected / rel, actual / rel, shallow=False):
            problems.append(f"{rel}: differs")
    return problems


def run_check(args) -> int:
    """Rebuild from scratch in a temporary folder; compare tables and charts with the committed ones."""
    with tempfile.TemporaryDirectory(prefix="msmeetings-check-") as tmp:
        rebuild_args = make_parser().parse_args(
            [
                "--params",
                str(args.params),
                "--data",
                str(args.data),
                "--out",
                tmp,
                "--force",
                "--no-pdf",
                *sum((["--set", o] for o in args.overrides), []),
            ]
        )
        status = run_build(rebuild_args)
        if status != EXIT_OK:
            return status
        layout = pipeline.Layout(out=output_folder(args))
        drift = []
        for sub in ("data/processed", "figures"):
            drift += [f"{sub}/{p}" for p in compare_trees(layout.out / sub, Path(tmp) / sub)]
    if drift:
        print("Reproducibility check FAILED: the rebuild differs from the committed outputs:")
        for line in drift:
            print(f"  - {line}")
        return EXIT_FAILED
    print("Reproducibility check passed: data/processed and figures are byte-identical to the rebuild.")
    return EXIT_OK
