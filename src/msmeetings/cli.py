"""Command line of build.py: validate everything, then run the steps that need running."""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

from msmeetings import pipeline
from msmeetings.errors import BuildLocked, InputError, OutputError, StepError

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
        epilog="Exit status: 0 success, 1 a notebook failed, outputs could not be written or --check found drift, "
        "2 bad input, parameter or output folder, 3 another build is running in the same output folder.",
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
        help="rebuild into a temporary folder and compare data/processed, figures and report/report.html with "
        "the committed ones byte for byte (report.pdf: that it is complete); exit 1 on any difference",
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
    except (InputError, StepError, OutputError, BuildLocked) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


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


def build_request(args) -> pipeline.BuildRequest:
    """The parsed command line as the pipeline takes it."""
    return pipeline.BuildRequest(
        params_file=args.params,
        overrides=list(args.overrides),
        data_dir=args.data,
        out=output_folder(args),
        force=args.force,
        pdf=not args.no_pdf,
        jobs=args.jobs,
        dry_run=args.dry_run,
    )


def run_build(args) -> int:
    """Build (see pipeline.build) and say what happened."""
    result = pipeline.build(build_request(args))
    total = len(result.plan.decisions)
    if result.outcome == "dry run":
        for index, (step, run, why) in enumerate(result.plan.decisions, start=1):
            print(f"[{index}/{total}] {step.name}: {'would run' if run else 'skip'} ({why})")
        reason = result.plan.report_reason
        print(f"report: {'would be assembled (' + reason + ')' if reason else 'up to date'}")
        return EXIT_OK
    if result.outcome == "up to date":
        print(
            f"Everything is up to date ({total} steps, report intact) in {pipeline.format_seconds(result.seconds)}. "
            "Use --force to re-execute."
        )
        return EXIT_OK
    if result.layout.out == pipeline.ROOT and result.changed:
        print_changes(result.layout)
    print_unsupported_findings(result)
    print(
        f"Built in {pipeline.format_seconds(result.seconds)}: {result.ran} of {total} steps executed, "
        f"{len(result.changed)} files updated. Report: {' and '.join(str(p) for p in result.report_files)}"
    )
    return EXIT_OK


def print_unsupported_findings(result) -> None:
    """Name each written finding the new tables no longer support (the report leaves it out)."""
    from msmeetings import findings, tables

    subset = result.meeting_ids if len(result.meeting_ids) < len(result.all_meeting_ids) else None
    try:
        evaluation = findings.load_and_evaluate(
            result.layout.data_dir, tables.read_tables(pipeline.SYNTHESIS_READS, result.layout.processed),
            meetings=subset, quiet=True,
        )  # fmt: skip
    except InputError as exc:  # the report is built; this is a courtesy line
        print(f"(could not check the written findings: {exc})")
        return
    for line in findings.report_unsupported(evaluation):
        print(line)


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


def pdf_is_complete(path: Path) -> bool:
    """True when a PDF has its header and its end-of-file marker (a truncated one lacks the latter)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return False
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def run_check(args) -> int:
    """Rebuild from scratch in a temporary folder; compare tables, charts and report with the committed ones."""
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
                *([] if pipeline.PDF_BYTES_REPRODUCIBLE else ["--no-pdf"]),
                *sum((["--set", o] for o in args.overrides), []),
            ]
        )
        status = run_build(rebuild_args)
        if status != EXIT_OK:
            return status
        out = output_folder(args)
        drift = []
        for sub in ("data/processed", "figures"):
            drift += [f"{sub}/{p}" for p in compare_trees(out / sub, Path(tmp) / sub)]
        compared = ["report.html"] + (["report.pdf"] if pipeline.PDF_BYTES_REPRODUCIBLE else [])
        for name in compared:
            committed, rebuilt = out / "report" / name, Path(tmp) / "report" / name
            if not committed.is_file():
                drift.append(f"report/{name}: committed but missing")
            elif not filecmp.cmp(committed, rebuilt, shallow=False):
                drift.append(f"report/{name}: differs")
        if not pipeline.PDF_BYTES_REPRODUCIBLE and not pdf_is_complete(out / "report" / "report.pdf"):
            drift.append("report/report.pdf: missing or truncated (no %%EOF at its end)")
    if drift:
        print("Reproducibility check FAILED: the rebuild differs from the committed outputs:")
        for line in drift:
            print(f"  - {line}")
        return EXIT_FAILED
    print(
        "Reproducibility check passed: data/processed, figures and "
        + ("report/ (HTML and PDF) are" if pipeline.PDF_BYTES_REPRODUCIBLE else "report/report.html are")
        + " byte-identical to the rebuild"
        + ("" if pipeline.PDF_BYTES_REPRODUCIBLE else ", and report/report.pdf is complete")
        + "."
    )
    return EXIT_OK
