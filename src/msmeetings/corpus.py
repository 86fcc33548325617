"""The corpus: the manifest of meetings, their raw documents, and what chapter 1 shows of them."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from msmeetings.errors import InputError

MANIFEST_COLUMNS = [
    "meeting_id",
    "title",
    "start_date",
    "end_date",
    "city",
    "country",
    "organiser",
    "document_type",
    "language",
    "source_file",
    "sha256",
    "notes",
]
REQUIRED_COLUMNS = ["meeting_id", "title", "start_date", "document_type", "language", "source_file", "sha256"]
# The text analyses (themes, figures, actors, recommendations) are written for English documents.
ANALYSED_LANGUAGE = "en"
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
# "statement": co-chairs' statements, declarations, conclusions; "conference summary": a news story
# or summary of a conference written by its organiser.
DOCUMENT_TYPES = (
    "outcome report",
    "workshop report",
    "press release",
    "annual-report excerpt",
    "statement",
    "conference summary",
)
MEETING_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Documents often give only a month ("November 2021"): partial ISO dates are allowed, not invented.
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Meeting:
    """One row of the manifest: a meeting and the document that reports it."""

    meeting_id: str
    title: str
    start_date: str
    end_date: str
    city: str
    country: str
    organiser: str
    document_type: str
    language: str
    source_file: str
    sha256: str
    notes: str
    line: int

    @property
    def year(self) -> int:
        """Year the meeting started."""
        return int(self.start_date[:4])


def parse_partial_date(value: str, *, where: str, key: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) can mean."""
    match = DATE_RE.match(value)
    fix = "Write the date as YYYY-MM-DD, or YYYY-MM / YYYY when the document gives no day."
    if not match:
        raise InputError(f"{where}: {key} '{value}' is not a date. {fix}")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            first = last = dt.date(year, month, day)
        elif month is not None:
            first = dt.date(year, month, 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError as exc:
        raise InputError(f"{where}: {key} '{value}' is an impossible date ({exc}). {fix}") from None
    return first, last


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def decode_utf8(data: bytes, path: Path, *, fix: str) -> str:
    """Decode a hand-made text file (CSV, YAML) as UTF-8, dropping a byte-order mark.

    Spreadsheets save "CSV UTF-8" with a byte-order mark; it is not part of the first column's name.

    Raises:
        InputError: naming the file, the line, the byte and the fix.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"{path}: line {line}: byte {data[exc.start : exc.start + 1]!r} at column {column} is not UTF-8 "
            f"(the file was probably saved as Latin-1 or Windows-1252). {fix}"
        ) from None


def check_utf8(path: Path) -> None:
    """Refuse a hand-made text file that is not UTF-8 (see decode_utf8)."""
    decode_utf8(
        path.read_bytes(),
        path,
        fix="Save it as UTF-8 (in a spreadsheet: 'CSV UTF-8'; or `iconv -f cp1252 -t utf-8`).",
    )


def decode_document(data: bytes, path: Path, *, where: str, then: str, empty_fix: str) -> str:
    """Decode a document's bytes, refusing PDF, binary, non-UTF-8 or empty content.

    `then` says what to do with the converted file; `empty_fix` what to do about an empty one.
    """
    if data.startswith(b"%PDF"):
        raise InputError(
            f"{where}: {path} is a PDF, not plain text. Extract its text first (`pdftotext -layout "
            f"{path.name} out.txt`, Debian poppler-utils), check it, and {then}."
        )
    try:
        # A byte-order mark is how some editors say "UTF-8", not text: kept, it would become a
        # paragraph of its own (or the start of the first heading).
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: {path} is not UTF-8 text (byte {exc.start}: {data[exc.start : exc.start + 1]!r}). "
            f"Convert it to UTF-8 plain text (e.g. `iconv -f latin1 -t utf-8`) and {then}."
        ) from None
    if "\x00" in text:
        raise InputError(
            f"{where}: {path} contains NUL bytes, so it is a binary file (a word-processor document?), "
            f"not plain text. Export it as UTF-8 plain text and {then}."
        )
    if not text.strip():
        raise InputError(f"{where}: {path} is empty. {empty_fix}")
    return text


def read_document(path: Path, *, where: str = "") -> str:
    """Read a raw document of the corpus exactly (no newline translation)."""
    return decode_document(
        path.read_bytes(),
        path,
        where=where or str(path),
        then="record its new sha256 in data/meetings.csv",
        empty_fix="Put the document's plain text in it, or remove its row from data/meetings.csv.",
    )


def load_manifest(manifest_path: str | Path, raw_dir: str | Path, *, check_files: bool = True) -> list[Meeting]:
    """Read and validate data/meetings.csv; with check_files, also each raw file and its sha256.

    Raises:
        InputError: naming the file, the line and the key at fault, and the fix.
    """
    manifest_path, raw_dir = Path(manifest_path), Path(raw_dir)
    if not manifest_path.is_file():
        raise InputError(f"{manifest_path}: the manifest is missing. Restore data/meetings.csv from git.")
    text = decode_utf8(
        manifest_path.read_bytes(),
        manifest_path,
        fix="Save the manifest as UTF-8 (in a spreadsheet: 'CSV UTF-8'; or `iconv -f cp1252 -t utf-8`).",
    )
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"{manifest_path}: line 1: missing column(s) {', '.join(missing)}. The header must be "
            f"{','.join(MANIFEST_COLUMNS)}."
        )
    # Each row with the line it starts on: a quoted cell may span lines, so rows and lines differ.
    rows = []
    first_line = reader.line_num + 1
    for row in reader:
        rows.append((first_line, row))
        first_line = reader.line_num + 1
    meetings: list[Meeting] = []
    seen: dict[str, int] = {}
    today = dt.date.today()
    for number, row in rows:
        where = f"{manifest_path}: line {number}"
        values = {k: (row.get(k) or "").strip() for k in MANIFEST_COLUMNS}
        for key in REQUIRED_COLUMNS:
            if not values[key]:
                raise InputError(f"{where}: '{key}' is empty. Fill it in from the document itself.")
        mid = values["meeting_id"]
        if not MEETING_ID_RE.match(mid):
            raise InputError(
                f"{where}: meeting_id '{mid}' may hold only lower-case letters, digits and hyphens (e.g. 2018-hague)."
            )
        if mid in seen:
            raise InputError(
                f"{where}: meeting_id '{mid}' is a duplicate of line {seen[mid]}. Give each meeting a unique id."
            )
        seen[mid] = number
        start_first, start_last = parse_partial_date(values["start_date"], where=where, key="start_date")
        end_value = values["end_date"] or values["start_date"]
        _, end_last = parse_partial_date(end_value, where=where, key="end_date")
        if end_last < start_first:
            raise InputError(f"{where}: end_date {end_value} is before start_date {values['start_date']}.")
        if start_first > today:
            raise InputError(
                f"{where}: start_date {values['start_date']} is in the future. Use the date the document gives."
            )
        if values["document_type"] not in DOCUMENT_TYPES:
            raise InputError(
                f"{where}: document_type '{values['document_type']}' is unknown. Use one of: "
                f"{', '.join(DOCUMENT_TYPES)}."
            )
        if not LANGUAGE_RE.match(values["language"]):
            raise InputError(
                f"{where}: language '{values['language']}' is not an ISO 639 code. Use the document's language "
                "in lower case, e.g. en, fr, es."
            )
        check_source_file(values["source_file"], raw_dir, where=where)
        if not re.fullmatch(r"[0-9a-f]{64}", values["sha256"]):
            raise InputError(f"{where}: sha256 '{values['sha256']}' is not a hex sha256. Run `sha256sum` on the file.")
        meeting = Meeting(**values, line=number)
        if check_files:
            check_raw_file(meeting, raw_dir, where=where)
        meetings.append(meeting)
    if not meetings:
        raise InputError(f"{manifest_path}: the manifest lists no meetings. Add at least one row.")
    return sorted(meetings, key=lambda m: (m.start_date, m.meeting_id))


def check_source_file(source_file: str, raw_dir: Path, *, where: str) -> None:
    """Refuse a source_file that is not a file name inside data/raw/ (an absolute path, `..`, a link out)."""
    raw = raw_dir.resolve()
    target = (raw_dir / source_file).resolve()
    if Path(source_file).is_absolute() or not target.is_relative_to(raw) or target == raw:
        raise InputError(
            f"{where}: source_file '{source_file}' is not inside {raw_dir}. Copy the document into data/raw/ "
            "(build.py add-meeting does) and give its file name there."
        )


def check_raw_file(meeting: Meeting, raw_dir: Path, *, where: str) -> None:
    """Check a meeting's raw file exists, is UTF-8, is not empty and matches its recorded sha256."""
    path = raw_dir / meeting.source_file
    if not path.is_file():
        raise InputError(
            f"{where}: source_file {path} is missing. Restore it (raw files are never edited: "
            f"`git checkout -- {path}`) or fix the file name in the manifest."
        )
    actual = sha256_file(path)
    if actual != meeting.sha256:
        raise InputError(
            f"{where}: {path} has sha256 {actual}, but the manifest records {meeting.sha256}. Raw files "
            f"are never edited: restore the original (`git checkout -- {path}`); if this is a new version "
            "of the document on purpose, record the new sha256 in data/meetings.csv."
        )
    read_document(path, where=where)


def select_meetings(meetings: list[Meeting], selection: str) -> list[Meeting]:
    """Keep the meetings named in a comma-separated selection ('' keeps all)."""
    wanted = [s.strip() for s in selection.split(",") if s.strip()]
    if not wanted:
        return meetings
    known = {m.meeting_id for m in meetings}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise InputError(
            f"parameter meetings: unknown meeting id(s) {', '.join(unknown)}. Known: {', '.join(sorted(known))}."
        )
    return [m for m in meetings if m.meeting_id in wanted]


def split_by_language(meetings: list[Meeting]) -> tuple[list[Meeting], list[Meeting]]:
    """The meetings whose documents the text analyses can read (English), and the others."""
    analysed = [m for m in meetings if m.language == ANALYSED_LANGUAGE]
    return analysed, [m for m in meetings if m.language != ANALYSED_LANGUAGE]


def describe_language_exclusion(excluded: list[Meeting]) -> str:
    """Markdown saying which documents a chapter leaves out because they are not in English."""
    from msmeetings.outputs import esc

    if not excluded:
        return ""
    listed = ", ".join(f"{esc(m.meeting_id)} ({esc(m.language)})" for m in excluded)
    return (
        f"*Left out of this chapter: {len(excluded)} document{'s' if len(excluded) > 1 else ''} not in English "
        f"({listed}). The extraction rules, codebook and gazetteers are written for English text; the documents "
        "are listed in [chapter](#chapter:01_corpus) and reproduced in the appendix.*"
    )


def manifest_frame(meetings: list[Meeting]):
    """Return the meetings as a DataFrame in manifest column order."""
    import pandas as pd

    return pd.DataFrame([{c: getattr(m, c) for c in MANIFEST_COLUMNS} for m in meetings], columns=MANIFEST_COLUMNS)


def build_segments(meetings: list[Meeting], raw_dir: str | Path):
    """Segment every meeting's document into one table (see msmeetings.segment)."""
    import pandas as pd

    from msmeetings.segment import SEGMENT_COLUMNS, check_segments, segment_document

    raw_by_meeting = {m.meeting_id: read_document(Path(raw_dir) / m.source_file) for m in meetings}
    # In segment_id order, the order the table catalogue declares (a manifest need not list meetings so).
    ordered = sorted(meetings, key=lambda m: m.meeting_id)
    frames = [segment_document(raw_by_meeting[m.meeting_id], m.meeting_id) for m in ordered]
    segments = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SEGMENT_COLUMNS)
    check_segments(segments, raw_by_meeting)
    return segments


def read_segments(path: str | Path, meeting_ids=None):
    """Read segments.csv as chapter 1 wrote it: text columns as str ('' for empty), n_words as int.

    Args:
        path: the segments table.
        meeting_ids: keep only these meetings (ids, Meeting objects or a manifest DataFrame); None keeps all.

    Raises:
        InputError: the file is missing or lacks a column.
    """
    import pandas as pd

    from msmeetings.segment import SEGMENT_COLUMNS

    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"{path}: the segments table is missing. Run chapter 1 (notebooks/01_corpus.ipynb) first; build.py does."
        )
    segments = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in SEGMENT_COLUMNS if c not in segments.columns]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)}. Rebuild it with chapter 1 (build.py --force)."
        )
    segments["n_words"] = pd.to_numeric(segments["n_words"], errors="coerce").fillna(0).astype(int)
    if meeting_ids is not None:
        if isinstance(meeting_ids, pd.DataFrame):
            wanted = set(meeting_ids["meeting_id"].astype(str))
        else:
            wanted = {getattr(m, "meeting_id", m) for m in meeting_ids}
        segments = segments[segments["meeting_id"].isin(wanted)].reset_index(drop=True)
    return segments


SERIES_RE = re.compile(
    r"\b(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+in\s+a\s+series"
    r"|the\s+first\s+two\s+being|the\s+first\s+of\s+which|annual\s+meeting)\b",
    re.IGNORECASE,
)
# Statements about who came to the meeting itself: "was attended by", "Attendees included",
# "the workshop brought together", "with 25 countries … represented", "The participation of … in the
# meeting". A case that "brought together States" or a group "represented externally" is not one.
PARTICIPATION_RE = re.compile(
    r"\b(?:attended|attendees|participants\s+attended"
    r"|(?:workshop|meeting|event|conference)\s+brought\s+together"
    r"|countries\b[^.]{0,120}\brepresented"
    r"|participation\s+of\b[^.]{0,160}\bin\s+the\s+(?:meeting|workshop))",
    re.IGNORECASE,
)


def find_statements(segments, pattern: re.Pattern):
    """Return the sentences matching a pattern, with meeting and segment ids, in document order."""
    sentences = segments[segments["kind"] == "sentence"]
    hits = sentences[sentences["text"].str.contains(pattern, regex=True)]
    return hits[["meeting_id", "segment_id", "text"]].reset_index(drop=True)


def find_series_statements(segments):
    """Sentences in which a document places its meeting in a series of meetings.

    Either wording SERIES_RE knows ("the third in a series", "annual meeting") or an ordinal the
    figures extractor reads as the meeting's place ("The 18th CrimEx meeting was held", "met for the
    twelfth time"), so the corpus and key-figures chapters agree on which documents state a series;
    a project's phase is a figure but not a statement about the meeting.
    """
    # Imported here: build.py imports this module on every run and must not pay for pandas.
    from msmeetings.quantities import find_series_ordinals

    def places_the_meeting(text: str) -> bool:
        # A project's phase ("the new project cycle (sixth phase)") is not the meeting's place in a series.
        return any(counted != "project phase" for *_, counted in find_series_ordinals(text))

    sentences = segments[segments["kind"] == "sentence"]
    hits = sentences[sentences["text"].str.contains(SERIES_RE, regex=True) | sentences["text"].map(places_the_meeting)]
    return hits[["meeting_id", "segment_id", "text"]].reset_index(drop=True)


def find_participation_statements(segments):
    """Sentences in which a document states who took part."""
    return find_statements(segments, PARTICIPATION_RE)


def summarise_corpus(meetings: list[Meeting], segments):
    """One row per meeting: date, place, organiser, kind of document, words and segments counted."""
    import pandas as pd

    from msmeetings.segment import TEXT_KINDS

    text_blocks = segments[segments["kind"].isin(TEXT_KINDS)]
    words = text_blocks.groupby("meeting_id")["n_words"].sum()
    paragraphs = text_blocks.groupby("meeting_id").size()
    sentences = segments[segments["kind"] == "sentence"].groupby("meeting_id").size()
    rows = []
    for m in meetings:
        place = ", ".join(p for p in (m.city, m.country) if p) or "not stated"
        dates = m.start_date if m.end_date in ("", m.start_date) else f"{m.start_date} to {m.end_date}"
        rows.append(
            {
                "meeting_id": m.meeting_id,
                "language": m.language,
                "dates": dates,
                "place": place,
                "organiser": m.organiser or "not stated",
                "document_type": m.document_type,
                "n_words": int(words.get(m.meeting_id, 0)),
                "n_text_blocks": int(paragraphs.get(m.meeting_id, 0)),
                "n_sentences": int(sentences.get(m.meeting_id, 0)),
            }
        )
    return pd.DataFrame(rows)


def timeline_finding(overview, meetings: list[Meeting]) -> str:
    """The timeline's title: the span of the documents and the widest gap between them, if any is long."""
    if not meetings:
        return "No document is selected"
    years = sorted(parse_partial_date(m.start_date, where="", key="")[0].year for m in meetings)
    n = len(meetings)
    until = f" to {years[-1]}" if years[-1] != years[0] else ""
    span = f"{n} document{'s' if n != 1 else ''} from {years[0]}{until}"
    gaps = [(b - a, a, b) for a, b in zip(years, years[1:])]
    widest = max(gaps, default=(0, 0, 0), key=lambda g: (g[0], -g[1]))
    if widest[0] >= 3:
        return f"{span}, none between {widest[1]} and {widest[2]}"
    words = overview.set_index("meeting_id")["n_words"]
    longest = sorted(words.index, key=lambda m: (-int(words[m]), m))[0]
    return f"{span}; the longest is {longest} ({int(words[longest]):,} words)"


def plot_meeting_timeline(overview, meetings: list[Meeting]):
    """A timeline of the meetings: one row per document, placed at its date, area growing with its words.

    The kind of document and its length are written in the row's label, not coded in colour: the
    report's colours are kept for kinds of actor.
    """
    import numpy as np

    from msmeetings import chartkit, palette

    words = overview.set_index("meeting_id")["n_words"]
    dates = [parse_partial_date(m.start_date, where="", key="")[0] for m in meetings]
    x = np.array([d.year + (d.timetuple().tm_yday - 1) / 366 for d in dates])
    fig, axes = chartkit.new_figure(0.24 * len(meetings) + 0.9)
    ax = axes[0, 0]
    top = max(1, int(words.max())) if len(words) else 1
    for i, (m, xi) in enumerate(zip(meetings, x)):
        size = 12 + 150 * words.get(m.meeting_id, 0) / top
        ax.scatter([xi], [i], s=size, color=palette.BLACK, edgecolor="white", linewidth=0.5, zorder=3)
    labels = [f"{m.meeting_id} · {m.document_type}, {int(words.get(m.meeting_id, 0)):,} words" for m in meetings]
    ax.set_yticks(range(len(meetings)), [chartkit.wrap(label, 46) for label in labels])
    if len(x):
        first, last = int(x.min()), int(x.max()) + 1
        ax.set_xlim(first - 0.5, last + 0.5)
        step = max(1, (last - first) // 5)
        ax.set_xticks(range(first, last + 1, step))
    ax.set_ylim(len(meetings) - 0.5, -0.5)
    ax.set_xlabel("Year (area: words)")
    ax.grid(axis="x", color=palette.GRID, zorder=0)
    chartkit.style_axes(ax)
    return fig


def count_segments_by_kind(segments):
    """Blocks of each kind per meeting: what the segmenter found in each document."""
    blocks = segments[segments["kind"] != "sentence"]
    table = blocks.pivot_table(index="meeting_id", columns="kind", values="segment_id", aggfunc="count", fill_value=0)
    sentences = segments[segments["kind"] == "sentence"].groupby("meeting_id").size()
    table["sentence"] = sentences.reindex(table.index).fillna(0).astype(int)
    table.columns.name = None
    return table.reset_index()
