"""Add a meeting to the corpus in one checked step: copy its text into data/raw, append its manifest row.

Nothing changes unless every check passes: the raw copy and the new manifest are written to temporary
files next to their targets and renamed into place only at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from msmeetings.corpus import (
    DOCUMENT_TYPES,
    LANGUAGE_RE,
    MANIFEST_COLUMNS,
    MEETING_ID_RE,
    Meeting,
    decode_document,
    load_manifest,
    parse_partial_date,
    sha256_file,
)
from msmeetings.errors import InputError

# Short file-name endings in the style of the seed files (e.g. 2023-11_the-hague_eurojust_meeting.txt).
NAME_SUFFIXES = {
    "outcome report": "meeting",
    "workshop report": "workshop",
    "press release": "press-release",
    "annual-report excerpt": "report-excerpt",
    "statement": "statement",
    "conference summary": "summary",
}
def add_meeting(
    source: Path,
    *,
    data_dir: Path,
    meeting_id: str,
    title: str,
    start_date: str,
    end_date: str = "",
    city: str = "",
    country: str = "",
    organiser: str = "",
    document_type: str,
    notes: str = "",
    language: str = "en",
    today: dt.date | None = None,
) -> Meeting:
    """Copy a plain-text document into data_dir/raw and append its checked row to data_dir/meetings.csv.

    Args:
        source: the document's UTF-8 plain text.
        data_dir: folder holding meetings.csv and raw/.
        meeting_id: new unique id (lower-case letters, digits, hyphens).
        title: the meeting's title as the document gives it.
        start_date: YYYY-MM-DD, or YYYY-MM / YYYY when the document gives no day.
        end_date: same format; empty means a one-day meeting (start_date is recorded).
        city: where the meeting took place.
        country: the city's country.
        organiser: who organised the meeting.
        document_type: one of corpus.DOCUMENT_TYPES.
        notes: free text for the manifest.
        language: ISO 639 code of the document; the text analyses read only "en" documents.
        today: the date "in the future" is relative to (default: today).

    Returns:
        The new meeting, as load_manifest reads it back.

    Raises:
        InputError: a refusal; data/meetings.csv and data/raw are then unchanged.
    """
    today = today or dt.date.today()
    source, data_dir = Path(source), Path(data_dir)
    manifest_path, raw_dir = data_dir / "meetings.csv", data_dir / "raw"
    fields = check_fields(
        meeting_id=meeting_id,
        title=title,
        start_date=start_date,
        end_date=end_date,
        city=city,
        country=country,
        organiser=organiser,
        document_type=document_type,
        notes=notes,
        language=language,
        today=today,
    )
    data = read_source(source, raw_dir)
    digest = hashlib.sha256(data).hexdigest()

    manifest_bytes = read_manifest_bytes(manifest_path)
    header = read_header(manifest_bytes, manifest_path)
    existing = load_manifest(manifest_path, raw_dir) if has_rows(manifest_bytes) else []
    for meeting in existing:
        if meeting.meeting_id == fields["meeting_id"]:
            raise InputError(
                f"add-meeting --id: '{meeting.meeting_id}' is already used in {manifest_path} (line "
                f"{meeting.line}, '{meeting.title}'). Choose an id not yet in the manifest, e.g. "
                f"'{meeting.meeting_id}-2' or one naming the year and place. Nothing was added."
            )
        if meeting.sha256 == digest:
            raise InputError(
                f"add-meeting PATH: {source} is already in the corpus: it has the same content (sha256 "
                f"{digest}) as {raw_dir / meeting.source_file}, meeting '{meeting.meeting_id}' (line "
                f"{meeting.line} of {manifest_path}). Check that you picked the right file. Nothing was added."
            )

    name = derive_source_name(
        fields["start_date"],
        fields["city"],
        fields["organiser"],
        fields["document_type"],
        taken={p.name.lower() for p in raw_dir.iterdir()} if raw_dir.is_dir() else set(),
    )
    row = {**fields, "source_file": name, "sha256": digest}
    new_manifest = manifest_bytes + format_row(row, header, manifest_bytes)
    return write_atomically(data, digest, new_manifest, manifest_bytes, manifest_path, raw_dir / name, row)


def check_fields(*, today: dt.date, **given: str) -> dict[str, str]:
    """Check and normalise the command-line values; return them keyed by manifest column."""
    fields = {key: (value or "").strip() for key, value in given.items()}
    options = {
        "meeting_id": "--id",
        "title": "--title",
        "start_date": "--start-date",
        "end_date": "--end-date",
        "city": "--city",
        "country": "--country",
        "organiser": "--organiser",
        "document_type": "--type",
        "notes": "--notes",
        "language": "--language",
    }
    for key, value in fields.items():
        # One manifest row is one line: a line break would be legal CSV but unreadable in review.
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            raise InputError(
                f"add-meeting {options[key]}: the value {value!r} contains a line break or control "
                "character. Give it on one line."
            )
    for key in ("meeting_id", "title", "start_date", "document_type"):
        if not fields[key]:
            raise InputError(f"add-meeting {options[key]}: it is empty. Give the value from the document itself.")
    if not MEETING_ID_RE.match(fields["meeting_id"]):
        raise InputError(
            f"add-meeting --id: '{fields['meeting_id']}' may hold only lower-case letters, digits and "
            "hyphens, starting with a letter or digit (e.g. 2024-hague)."
        )
    document_type = " ".join(fields["document_type"].lower().split())
    if document_type not in DOCUMENT_TYPES:
        raise InputError(
            f"add-meeting --type: '{fields['document_type']}' is not a known document type. Use one of: "
            f"{', '.join(repr(t) for t in DOCUMENT_TYPES)} (quote it on the command line, e.g. "
            "--type 'outcome report')."
        )
    fields["document_type"] = document_type
    start_first, start_last = parse_partial_date(fields["start_date"], where="add-meeting", key="--start-date")
    fields["end_date"] = fields["end_date"] or fields["start_date"]
    end_first, end_last = parse_partial_date(fields["end_date"], where="add-meeting", key="--end-date")
    for key, first in (("start_date", start_first), ("end_date", end_first)):
        if first > today:
            raise InputError(
                f"add-meeting {options[key]}: {fields[key]} is in the future (today is {today.isoformat()}). "
                "Give the date the meeting took place or the document was issued."
            )
    if end_last < start_first:
        raise InputError(
            f"add-meeting --end-date: {fields['end_date']} is before --start-date {fields['start_date']}. "
            "Swap them or correct the typo."
        )
    language = fields["language"].lower() or "en"
    if not LANGUAGE_RE.match(language):
        raise InputError(
            f"add-meeting --language: '{fields['language']}' is not an ISO 639 language code. Use a "
            "two-letter code such as en, fr, es or ar."
        )
    fields["language"] = language
    return fields


def read_source(source: Path, raw_dir: Path) -> bytes:
    """Return the bytes of the document to add, refusing a missing, empty, binary or non-UTF-8 file."""
    if not source.is_file():
        what = "is a folder" if source.is_dir() else "does not exist"
        raise InputError(f"add-meeting PATH: {source} {what}. Give the path of the document's plain-text (.txt) file.")
    if raw_dir.is_dir() and source.resolve().parent == raw_dir.resolve():
        raise InputError(
            f"add-meeting PATH: {source} is already inside {raw_dir} but not in the manifest. Move it out "
            f"(e.g. `mv {source} .`) and run add-meeting on it there: add-meeting copies it in under a "
            "standard name."
        )
    data = source.read_bytes()
    decode_document(
        data,
        source,
        where="add-meeting PATH",
        then="add the converted file",
        empty_fix="Give the file holding the document's text.",
    )
    return data


def read_manifest_bytes(manifest_path: Path) -> bytes:
    """Return the manifest's bytes, or refuse when it is missing."""
    if not manifest_path.is_file():
        raise InputError(f"{manifest_path}: the manifest is missing. Restore data/meetings.csv from git.")
    return manifest_path.read_bytes()


def read_header(manifest_bytes: bytes, manifest_path: Path) -> list[str]:
    """Return the manifest's column names in file order."""
    text = manifest_bytes.decode("utf-8", errors="replace")
    header = next(csv.reader(io.StringIO(text)), [])
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"{manifest_path}: line 1: missing column(s) {', '.join(missing)}. The header must be "
            f"{','.join(MANIFEST_COLUMNS)}."
        )
    return header


def has_rows(manifest_bytes: bytes) -> bool:
    """Whether the manifest lists any meeting (a header-only manifest starts a new corpus)."""
    text = manifest_bytes.decode("utf-8", errors="replace")
    return sum(1 for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)) > 1


def slugify(text: str, limit: int = 40) -> str:
    """Lower-case ASCII words joined by hyphens ('Den Haag' -> 'den-haag'), at most `limit` characters.

    A long name is cut between words, never inside one (a first word longer than the limit is kept whole).
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if slug and len(candidate) > limit:
            break
        slug = candidate
    return slug


def derive_source_name(start_date: str, city: str, organiser: str, document_type: str, *, taken: set[str]) -> str:
    """A raw file name from date, city, organiser and kind of document, never one already taken.

    Example: 2024-11_the-hague_eurojust_meeting.txt; a second such file gets ..._meeting-2.txt.
    """
    suffix = NAME_SUFFIXES.get(document_type) or slugify(document_type)
    parts = [start_date[:7], slugify(city), slugify(organiser), suffix]
    stem = "_".join(p for p in parts if p)
    name, number = f"{stem}.txt", 1
    while name.lower() in taken:
        number += 1
        name = f"{stem}-{number}.txt"
    return name


def format_row(row: dict[str, str], header: list[str], manifest_bytes: bytes) -> bytes:
    """One manifest line in the file's column order and dialect (minimal quoting, its line ending)."""
    ending = "\r\n" if manifest_bytes.split(b"\n", 1)[0].endswith(b"\r") else "\n"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=ending).writerow([row.get(column, "") for column in header])
    # A manifest saved without a final newline must not glue the new row onto its last line.
    separator = ending if manifest_bytes and not manifest_bytes.endswith(b"\n") else ""
    return (separator + buffer.getvalue()).encode("utf-8")


def write_atomically(
    data: bytes,
    digest: str,
    new_manifest: bytes,
    old_manifest: bytes,
    manifest_path: Path,
    raw_path: Path,
    row: dict[str, str],
) -> Meeting:
    """Write both files to temporary paths, check them, then rename into place; on failure change nothing."""
    raw_path.parent.mkdir(parents=True, exist_ok=True)
    raw_tmp = manifest_tmp = None
    raw_published = manifest_published = False
    try:
        raw_tmp = write_temp(raw_path, data)
        # Raw files are never edited: the copy is read-only, like the seeds.
        raw_tmp.chmod(0o444)
        manifest_tmp = write_temp(manifest_path, new_manifest)
        os.chmod(manifest_tmp, manifest_path.stat().st_mode & 0o777)
        if sha256_file(raw_tmp) != digest:
            raise InputError(
                f"add-meeting: the copy {raw_tmp} does not match its source; check the disk. Nothing was added."
            )
        meeting = check_new_manifest(manifest_tmp, manifest_path, raw_path.parent, row["meeting_id"])
        if manifest_path.read_bytes() != old_manifest:
            raise InputError(
                f"add-meeting: {manifest_path} changed while the meeting was being added (another add-meeting "
                "or an editor?). Run the command again. Nothing was added."
            )
        publish_new_file(raw_tmp, raw_path)
        raw_tmp, raw_published = None, True
        os.replace(manifest_tmp, manifest_path)
        manifest_tmp, manifest_published = None, True
        return meeting
    except OSError as exc:
        raise InputError(
            f"add-meeting: could not write {exc.filename or manifest_path.parent} ({exc.strerror or exc}). "
            f"Check that {manifest_path} and {raw_path.parent} are writable and the disk is not full, then "
            "run the command again. Nothing was added."
        ) from None
    finally:
        for leftover in (raw_tmp, manifest_tmp):
            if leftover is not None:
                leftover.unlink(missing_ok=True)
        # A raw file the manifest does not list would be an orphan: take the copy back.
        if raw_published and not manifest_published:
            raw_path.unlink(missing_ok=True)


def write_temp(target: Path, data: bytes) -> Path:
    """Write bytes to a hidden temporary file next to target (same file system, so rename is atomic)."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return Path(name)


def publish_new_file(tmp: Path, target: Path) -> None:
    """Move tmp to target, refusing to overwrite an existing target."""
    try:
        # A hard link fails if target exists, so no check-then-rename race can overwrite a raw file.
        os.link(tmp, target)
    except FileExistsError:
        raise InputError(
            f"add-meeting: {target} appeared while the meeting was being added; raw files are never "
            "overwritten. Run the command again. Nothing was added."
        ) from None
    except OSError:
        if target.exists():
            raise InputError(f"add-meeting: {target} already exists; raw files are never overwritten.") from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def check_new_manifest(manifest_tmp: Path, manifest_path: Path, raw_dir: Path, meeting_id: str) -> Meeting:
    """Validate the new manifest as the build will; return the new meeting as load_manifest reads it."""
    try:
        # The existing rows were checked with their files; the new file is checked by hash above.
        meetings = load_manifest(manifest_tmp, raw_dir, check_files=False)
    except InputError as exc:
        raise InputError(
            "add-meeting: the new row would make the manifest invalid: "
            f"{str(exc).replace(str(manifest_tmp), str(manifest_path))} "
            "Nothing was added."
        ) from None
    return next(m for m in meetings if m.meeting_id == meeting_id)


def add_meeting_arguments(parser) -> None:
    """Add the add-meeting options and the PATH argument to an argparse (sub)parser."""
    parser.add_argument("path", type=Path, metavar="PATH", help="the document as UTF-8 plain text (.txt)")
    parser.add_argument(
        "--id",
        dest="meeting_id",
        required=True,
        help="new unique meeting id: lower-case letters, digits, hyphens (e.g. 2024-hague)",
    )
    parser.add_argument("--title", required=True, help="the meeting's title as the document gives it")
    parser.add_argument(
        "--start-date", required=True, help="YYYY-MM-DD, or YYYY-MM / YYYY when the document gives no day"
    )
    parser.add_argument("--end-date", default="", help="last day, same format (default: the start date)")
    parser.add_argument("--city", default="", help="where the meeting took place (default: not stated)")
    parser.add_argument("--country", default="", help="the city's country (default: not stated)")
    parser.add_argument("--organiser", default="", help="who organised it, e.g. Eurojust, UNODC (default: not stated)")
    parser.add_argument(
        "--type",
        dest="document_type",
        required=True,
        help="kind of document, quoted: " + ", ".join(f"'{t}'" for t in DOCUMENT_TYPES),
    )
    parser.add_argument("--notes", default="", help="free text for the manifest: what the document is, caveats")
    parser.add_argument(
        "--language",
        default="en",
        help="ISO 639 code of the document's language (default: en); the text analyses "
        "leave out documents not in English",
    )


def run_add_meeting(args) -> int:
    """Add the meeting the parsed arguments describe, say what was added and what to do next; return 0.

    The data folder is args.data when the parser defines it (build.py's --data), else the repository's data/.
    """
    from msmeetings.pipeline import ROOT

    data_dir = Path(getattr(args, "data", None) or ROOT / "data")
    meeting = add_meeting(
        args.path,
        data_dir=data_dir,
        meeting_id=args.meeting_id,
        title=args.title,
        start_date=args.start_date,
        end_date=args.end_date,
        city=args.city,
        country=args.country,
        organiser=args.organiser,
        document_type=args.document_type,
        notes=args.notes,
        language=args.language,
    )
    dates = (
        meeting.start_date
        if meeting.end_date in ("", meeting.start_date)
        else f"{meeting.start_date} to {meeting.end_date}"
    )
    place = ", ".join(p for p in (meeting.city, meeting.country) if p) or "place not stated"
    print(f"Added meeting {meeting.meeting_id}: {meeting.title} ({meeting.document_type}, {dates}, {place}).")
    print(f"  text:     {data_dir / 'raw' / meeting.source_file} (sha256 {meeting.sha256})")
    print(f"  manifest: {data_dir / 'meetings.csv'}, line {meeting.line}")
    if meeting.language != "en":
        print(
            f"  language: {meeting.language}; the text analyses (themes, figures, actors, recommendations) leave it "
            "out and the report says so"
        )
    print("Next: run `make report` to rebuild the report with it.")
    return 0
