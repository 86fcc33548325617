"""Findings written by a reader (`data/findings.yml`), verified against the sources and tables at build time.

A written finding states what a careful reading of the documents shows. It carries its
evidence (segments, each with words that must appear in it) and checks that say what the
finding rests on in the processed tables: a theme present or absent, a figure, a verdict, a
country taking part. The build verifies every citation and every check; a finding that fails
is left out of the report and named, so the report never prints a claim its data no longer
support. With a subset of meetings, a finding whose evidence or checks lie outside it is left
out as out of scope (it is not false, only not about this subset).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from msmeetings.errors import InputError
from msmeetings.outputs import cite, esc
from msmeetings.tables import TableShapeError, input_path, require_columns

SECTIONS = {
    "setting": "How the setting changed",
    "constant": "What stayed the same",
    "reversal": "What was reversed",
    "never_taken_up": "What was asked for and not reported on again",
    "limits": "What these documents cannot show",
}

# Each check kind and the keys it requires; values are validated when the file is loaded.
CHECK_KEYS: dict[str, tuple[str, ...]] = {
    "theme_present": ("theme", "meetings"),
    "theme_absent": ("theme", "meetings"),
    "quantity": ("meeting", "value", "counts"),
    "verdict": ("item_words", "later_meeting", "in"),
    "country_took_part": ("meeting", "iso"),
    "country_named": ("meeting", "iso"),
    "segment_contains": ("segment", "words"),
}

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SEGMENT = re.compile(r"^[A-Za-z0-9_-]+:[0-9][0-9.]*$")


# The findings raise the catalogue's error for a table that changed shape.
TableError = TableShapeError


@dataclass(frozen=True)
class Citation:
    """A segment a finding rests on and the words that must appear in it."""

    segment_id: str
    must_contain: tuple[str, ...]

    @property
    def meeting_id(self) -> str:
        """The meeting the cited segment belongs to."""
        return self.segment_id.partition(":")[0]


@dataclass(frozen=True)
class Check:
    """One declarative check against the processed tables."""

    kind: str
    args: dict

    def meetings(self) -> set[str]:
        """The meetings this check is about (for scoping a subset run)."""
        a = self.args
        if self.kind in ("theme_present", "theme_absent"):
            return set(a["meetings"])
        if self.kind == "verdict":
            return {a["later_meeting"]}
        if self.kind == "segment_contains":
            return {a["segment"].partition(":")[0]}
        return {a["meeting"]}


@dataclass(frozen=True)
class WrittenFinding:
    """A finding in our own words, with its evidence and checks."""

    id: str
    statement: str
    section: str
    evidence: tuple[Citation, ...]
    checks: tuple[Check, ...]
    in_summary: bool = True

    def meetings(self) -> set[str]:
        """Every meeting the finding's evidence and checks name."""
        out = {c.meeting_id for c in self.evidence}
        for check in self.checks:
            out |= check.meetings()
        return out

    def markdown(self) -> str:
        """The statement with links to its evidence paragraphs (each paragraph once)."""
        seen: list[str] = []
        for c in self.evidence:
            paragraph = c.segment_id.split(".")[0]
            if paragraph not in seen:
                seen.append(paragraph)
        links = ", ".join(cite(s) for s in seen)
        return esc(self.statement) + (f" ({links})" if links else "")


@dataclass
class Evaluation:
    """Which findings the build may print, which failed and why, which are outside the subset."""

    supported: list[WrittenFinding] = field(default_factory=list)
    unsupported: list[tuple[WrittenFinding, list[str]]] = field(default_factory=list)
    out_of_scope: list[WrittenFinding] = field(default_factory=list)

    def by_section(self, *, in_summary: bool | None = None) -> dict[str, list[WrittenFinding]]:
        """Supported findings per section; `in_summary` keeps those marked for the summary (True) or not (False)."""
        keep = [f for f in self.supported if in_summary is None or f.in_summary is in_summary]
        return {s: [f for f in keep if f.section == s] for s in SECTIONS}


# --------------------------------------------------------------------------- loading


def _fail(path: Path, where: str, problem: str, fix: str) -> InputError:
    return InputError(f"{path}: {where}: {problem}. Fix: {fix}")


def _words(value, path: Path, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        raise _fail(path, where, f"'{key}' must be a word or a non-empty list of words", f"give '{key}: [some words]'")
    return tuple(value)


def _parse_check(raw, path: Path, where: str) -> Check:
    if not isinstance(raw, dict) or len(raw) != 1:
        raise _fail(path, where, "each check must be a mapping with exactly one kind", "write e.g. "
                    "'- theme_present: {theme: financial, meetings: [2018-hague]}'")
    kind, args = next(iter(raw.items()))
    if kind not in CHECK_KEYS:
        raise _fail(path, where, f"unknown check kind '{kind}'", f"use one of {', '.join(CHECK_KEYS)}")
    if not isinstance(args, dict):
        raise _fail(path, where, f"check '{kind}' needs a mapping of arguments", f"give {', '.join(CHECK_KEYS[kind])}")
    missing = [k for k in CHECK_KEYS[kind] if k not in args]
    if missing:
        raise _fail(path, where, f"check '{kind}' lacks {', '.join(missing)}", f"add {', '.join(missing)}")
    extra = sorted(set(args) - set(CHECK_KEYS[kind]))
    if extra:
        raise _fail(path, where, f"check '{kind}' has unknown keys {', '.join(extra)}", "remove them")
    args = dict(args)
    if kind in ("theme_present", "theme_absent"):
        if isinstance(args["meetings"], str):
            args["meetings"] = [args["meetings"]]
        if not isinstance(args["meetings"], list) or not args["meetings"]:
            raise _fail(path, where, f"'{kind}' needs a list of meetings", "give 'meetings: [2018-hague, ...]'")
    if kind == "quantity":
        try:
            args["value"] = float(args["value"])
        except (TypeError, ValueError):
            raise _fail(path, where, "'quantity' value is not a number", "write the figure as a number") from None
        args["counts"] = _words(args["counts"], path, where, "counts")
    if kind == "verdict":
        args["item_words"] = _words(args["item_words"], path, where, "item_words")
        args["in"] = _words(args["in"], path, where, "in")
    if kind in ("country_took_part", "country_named"):
        args["iso"] = _words(args["iso"], path, where, "iso")
    if kind == "segment_contains":
        args["words"] = _words(args["words"], path, where, "words")
    return Check(kind, args)


def parse_findings(raw, path: Path) -> list[WrittenFinding]:
    """Validate the parsed YAML; every problem names the file, the finding and the fix."""
    if not isinstance(raw, dict) or not isinstance(raw.get("findings"), list):
        raise _fail(path, "top level", "no 'findings:' list", "start the file with 'findings:' and a list of entries")
    out: list[WrittenFinding] = []
    seen: set[str] = set()
    for n, entry in enumerate(raw["findings"], start=1):
        where = f"finding #{n}"
        if not isinstance(entry, dict):
            raise _fail(path, where, "entry is not a mapping", "give id, statement, section, evidence, checks")
        fid = entry.get("id")
        if not isinstance(fid, str) or not _ID.match(fid):
            raise _fail(path, where, f"id {fid!r} is missing or not lower_snake_case", "give a short id like 'hawala'")
        where = f"finding '{fid}'"
        if fid in seen:
            raise _fail(path, where, "id used twice", "give each finding its own id")
        seen.add(fid)
        statement = entry.get("statement")
        if not isinstance(statement, str) or not statement.strip():
            raise _fail(path, where, "no statement", "write the finding in plain words under 'statement:'")
        if re.search(r"\b[0-9]{4}-[a-z-]+:(R?[0-9])", statement):
            raise _fail(path, where, "statement quotes an item by its id", "quote the item by its words")
        section = entry.get("section")
        if section not in SECTIONS:
            raise _fail(path, where, f"section {section!r} unknown", f"use one of {', '.join(SECTIONS)}")
        evidence_raw = entry.get("evidence")
        if not isinstance(evidence_raw, list) or not evidence_raw:
            raise _fail(path, where, "no evidence", "list at least one {segment_id, must_contain}")
        evidence = []
        for item in evidence_raw:
            if not isinstance(item, dict) or not isinstance(item.get("segment_id"), str):
                raise _fail(path, where, "an evidence entry lacks segment_id", "write '- segment_id: 2018-hague:030'")
            if not _SEGMENT.match(item["segment_id"]):
                raise _fail(path, where, f"segment id {item['segment_id']!r} is malformed", "use e.g. 2018-hague:030")
            words = _words(item.get("must_contain"), path, where, "must_contain")
            evidence.append(Citation(item["segment_id"], words))
        checks_raw = entry.get("checks")
        if not isinstance(checks_raw, list) or not checks_raw:
            raise _fail(path, where, "no checks", "say what the finding rests on in the tables under 'checks:'")
        checks = tuple(_parse_check(c, path, where) for c in checks_raw)
        in_summary = entry.get("in_summary", True)
        if not isinstance(in_summary, bool):
            raise _fail(path, where, "'in_summary' must be true or false", "write 'in_summary: false' or leave it out")
        out.append(WrittenFinding(fid, " ".join(statement.split()), section, tuple(evidence), checks, in_summary))
    return out


def load_findings(path: str | Path) -> list[WrittenFinding]:
    """Read and validate `data/findings.yml`."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: the findings file is missing. Fix: restore data/findings.yml from git.")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML ({error}). Fix: correct the indentation or quoting.") from None
    return parse_findings(raw, path)


def check_findings_file(data_dir: str | Path) -> None:
    """For `cli.check_hand_made_inputs`: a malformed findings file is bad input, before any kernel starts."""
    path = input_path("findings", data_dir)
    if path.is_file():
        load_findings(path)


# --------------------------------------------------------------------------- evaluating


def _table(tables: dict, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    return require_columns(tables, name, columns, needed_by="a finding check")


def _norm(text: str) -> str:
    return " ".join(str(text).replace("\u2019", "'").replace("\u2018", "'").lower().split())


def segment_text(segments: pd.DataFrame, segment_id: str) -> str | None:
    """The text of a segment, or None when the segmentation no longer has it."""
    hits = segments.loc[segments["segment_id"] == segment_id, "text"]
    return None if hits.empty else str(hits.iloc[0])


def _missing_words(text: str, words) -> list[str]:
    body = _norm(text)
    return [w for w in words if _norm(w) not in body]


def _yes(value) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes")


def run_check(check: Check, tables: dict) -> str | None:
    """None when the check holds, else why it does not (one line)."""
    a = check.args
    if check.kind in ("theme_present", "theme_absent"):
        matrix = _table(tables, "theme_matrix", ("meeting_id", "theme_id", "n_segments"))
        rows = matrix[matrix["theme_id"] == a["theme"]]
        if rows.empty:
            return f"theme '{a['theme']}' is not in the theme matrix"
        counts = pd.to_numeric(rows.set_index("meeting_id")["n_segments"], errors="coerce")
        wrong = []
        for meeting in a["meetings"]:
            n = counts.get(meeting)
            if n is None or pd.isna(n):
                wrong.append(f"{meeting} (no row)")
            elif (n > 0) != (check.kind == "theme_present"):
                wrong.append(f"{meeting} ({int(n)} passages)")
        if wrong:
            what = "absent from" if check.kind == "theme_present" else "present in"
            return f"theme '{a['theme']}' is {what} " + ", ".join(wrong)
        return None
    if check.kind == "quantity":
        q = _table(tables, "quantities", ("meeting_id", "value", "counted"))
        here = q[q["meeting_id"] == a["meeting"]]
        values = pd.to_numeric(here["value"], errors="coerce")
        hits = here[(values - a["value"]).abs() < 1e-9]
        hits = hits[[not _missing_words(c, a["counts"]) for c in hits["counted"]]]
        return None if len(hits) else (
            f"no figure {a['value']:g} counting '{' '.join(a['counts'])}' in {a['meeting']}"
        )
    if check.kind == "verdict":
        recs = _table(tables, "recommendations", ("recommendation_id", "text"))
        follow = _table(tables, "followthrough", ("recommendation_id", "later_meeting_id", "verdict", "decides"))
        ids = [r for r, t in zip(recs["recommendation_id"], recs["text"]) if not _missing_words(t, a["item_words"])]
        if not ids:
            return f"no item with the words '{' / '.join(a['item_words'])}'"
        rows = follow[
            follow["recommendation_id"].isin(ids)
            & (follow["later_meeting_id"] == a["later_meeting"])
            & follow["decides"].map(_yes)
        ]
        verdicts = sorted(set(rows["verdict"]))
        # followthrough.csv keeps only the pairs that clear the similarity threshold: a later meeting
        # the table knows, with no row for the item, is one where the item was not found.
        if not verdicts and (follow["later_meeting_id"] == a["later_meeting"]).any():
            verdicts = ["not_found"]
        if not verdicts:
            return f"no verdict for '{' / '.join(a['item_words'])}' in {a['later_meeting']}"
        bad = [v for v in verdicts if v not in a["in"]]
        return None if not bad else (
            f"verdict for '{' / '.join(a['item_words'])}' in {a['later_meeting']} is {', '.join(verdicts)}, "
            f"not {' or '.join(a['in'])}"
        )
    if check.kind in ("country_took_part", "country_named"):
        actors = _table(tables, "actors", ("meeting_id", "actor_type", "iso3", "role"))
        here = actors[(actors["meeting_id"] == a["meeting"]) & (actors["actor_type"] == "country")]
        if check.kind == "country_took_part":
            here = here[here["role"] == "participant"]
        missing = [iso for iso in a["iso"] if iso not in set(here["iso3"])]
        verb = "taking part in" if check.kind == "country_took_part" else "named in"
        return None if not missing else f"{', '.join(missing)} not found {verb} {a['meeting']}"
    if check.kind == "segment_contains":
        segments = _table(tables, "segments", ("segment_id", "text"))
        text = segment_text(segments, a["segment"])
        if text is None:
            return f"segment {a['segment']} no longer exists"
        missing = _missing_words(text, a["words"])
        return None if not missing else f"segment {a['segment']} lacks '{' / '.join(missing)}'"
    raise AssertionError(check.kind)  # parse_findings admits only known kinds


def verify_citation(citation: Citation, segments: pd.DataFrame) -> str | None:
    """None when the segment exists and holds every required word, else why not."""
    text = segment_text(segments, citation.segment_id)
    if text is None:
        return f"cited segment {citation.segment_id} no longer exists"
    missing = _missing_words(text, citation.must_contain)
    return None if not missing else f"cited segment {citation.segment_id} lacks '{' / '.join(missing)}'"


def evaluate(findings: list[WrittenFinding], tables: dict, *, meetings: list[str] | None = None) -> Evaluation:
    """Verify every citation and check; sort the findings into supported, unsupported and out of scope.

    `meetings` is the run's subset (None: all). A missing table column raises TableError rather than
    dropping findings one by one for a reason that has nothing to do with the documents.
    """
    segments = _table(tables, "segments", ("segment_id", "text"))
    result = Evaluation()
    for finding in findings:
        if meetings is not None and not finding.meetings() <= set(meetings):
            result.out_of_scope.append(finding)
            continue
        problems = [p for p in (verify_citation(c, segments) for c in finding.evidence) if p]
        problems += [p for p in (run_check(c, tables) for c in finding.checks) if p]
        if problems:
            result.unsupported.append((finding, problems))
        else:
            result.supported.append(finding)
    return result


def report_unsupported(evaluation: Evaluation) -> list[str]:
    """One line per finding left out, for the build log."""
    return [f"finding '{f.id}' left out, no longer supported: {'; '.join(p)}" for f, p in evaluation.unsupported]


def load_and_evaluate(
    data_dir: str | Path, tables: dict, *, meetings: list[str] | None = None, quiet: bool = False
) -> Evaluation:
    """Load `findings.yml` from the data folder and evaluate it; warns on stderr for each finding left out.

    Another corpus (`build.py --data DIR`) may come without written findings: then there are none,
    and the summary shows only what the tables give.
    """
    import sys

    path = input_path("findings", data_dir)
    if not path.is_file():
        return Evaluation()
    evaluation = evaluate(load_findings(path), tables, meetings=meetings)
    for line in [] if quiet else report_unsupported(evaluation):
        print(line, file=sys.stderr)
    return evaluation
