"""What changed: the processed tables of this build against the versions committed at git HEAD.

The build's reproducibility check says *whether* bytes differ; this module says *what* differs,
in words a researcher reads at a glance ("theme digital: now in 3 meetings (was 2)").

Tables whose columns we recognise (segments, theme matrix and codes, quantities, actors,
recommendations, follow-through) get a summary in their own terms; any other table, and any
recognised table that lacks a column the summary needs (the tables are still evolving), gets a
generic summary of rows and columns. Describing changes is informational, so
``describe_changes`` never raises: a summary that fails falls back to the generic one. Only the
loaders raise, for a table file that is not CSV at all.

Tables are read as text (every cell a string, empty cells as ""), the same way for the committed
and the new version, so that a difference is a difference in the file, not in type inference.
"""

from __future__ import annotations

import io
import os
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path

import pandas as pd

from msmeetings.errors import InputError

MAX_LINES_PER_TABLE = 20
TEXT_PREVIEW_CHARS = 80
TERMS_PER_LINE = 8
# Reading order of the summaries: the corpus first, then the analyses in chapter order.
TABLE_ORDER = (
    "segments.csv",
    "theme_matrix.csv",
    "theme_codes.csv",
    "quantities.csv",
    "actors.csv",
    "recommendations.csv",
    "followthrough.csv",
)
_TRUE = frozenset({"true", "1", "yes"})
# Variables that would point git at another repository than repo_root (e.g. inside a git hook).
_GIT_ENV_OVERRIDES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")


# --------------------------------------------------------------------------- loading


def read_table_text(data: bytes, source: str) -> pd.DataFrame:
    """Read CSV bytes as a table of strings (empty cells as "").

    Args:
        data: The file's bytes (UTF-8).
        source: What to name in an error message (a path or ``HEAD:path``).

    Returns:
        The table; an empty file gives an empty table.

    Raises:
        InputError: The bytes are not UTF-8 or not CSV.
    """
    if not data.strip():
        return pd.DataFrame()
    try:
        return pd.read_csv(io.StringIO(data.decode("utf-8")), dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise InputError(
            f"{source}: cannot be read as a UTF-8 CSV table ({error}). The processed tables are "
            "written by the pipeline; rebuild them with `python build.py --force`, or restore the "
            "committed version, and check the file for merge-conflict markers."
        ) from error


def load_tables(folder: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read every CSV table in a folder (not its subfolders).

    Args:
        folder: A processed-tables folder, e.g. ``data/processed``.

    Returns:
        File name -> table of strings, in name order; empty when the folder does not exist.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    return {
        path.name: read_table_text(path.read_bytes(), str(path))
        for path in sorted(folder.glob("*.csv"))
        if path.is_file()
    }


def _run_git(repo_root: Path, *args: str) -> bytes | None:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_ENV_OVERRIDES}
    try:
        result = subprocess.run(
            ["git", "-C", str(repo_root), *args],
            capture_output=True,
            env=env,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        # No git on this machine: there is no committed version to compare with.
        return None
    return result.stdout if result.returncode == 0 else None


def load_committed_tables(
    repo_root: str | os.PathLike,
    rel_dir: str = "data/processed",
    *,
    names: Iterable[str] | None = None,
) -> dict[str, pd.DataFrame | None]:
    """Read the tables as committed at git HEAD.

    Args:
        repo_root: A folder inside the git checkout (normally its top).
        rel_dir: The tables' folder, relative to ``repo_root``.
        names: File names to look up; by default every CSV committed in ``rel_dir`` plus every
            CSV now in ``repo_root/rel_dir``.

    Returns:
        File name -> committed table, or None where the file is not committed at HEAD, the
        folder is not a git checkout, the repository has no commit yet, or git is missing.
    """
    root = Path(repo_root)
    rel = rel_dir.strip("/")
    wanted = set(names) if names is not None else set()
    is_repo = _run_git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") is not None
    committed: set[str] = set()
    if is_repo:
        # "./" makes the path relative to repo_root, which need not be the top of the checkout.
        listing = _run_git(root, "ls-tree", "-z", "--name-only", "HEAD", "--", f"./{rel}/")
        for entry in (listing or b"").decode("utf-8", "replace").split("\0"):
            name = entry.rsplit("/", 1)[-1]
            if name.endswith(".csv"):
                committed.add(name)
    if names is None:
        wanted = committed | {p.name for p in (root / rel).glob("*.csv")} if (root / rel).is_dir() else committed
    tables: dict[str, pd.DataFrame | None] = {}
    for name in sorted(wanted):
        data = _run_git(root, "show", f"HEAD:./{rel}/{name}") if is_repo and name in committed else None
        tables[name] = None if data is None else read_table_text(data, f"HEAD:{rel}/{name}")
    return tables


# --------------------------------------------------------------------------- helpers


def _text(series: pd.Series) -> list[str]:
    """Cells as strings, missing as "", so typed and text-read tables compare alike."""
    return ["" if _is_missing(v) else str(v) for v in series.tolist()]


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _numbers(series: pd.Series) -> list[float]:
    return pd.to_numeric(series, errors="coerce").fillna(0).tolist()


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _join_some(items: list[str], limit: int = TERMS_PER_LINE) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _fmt_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _preview(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > TEXT_PREVIEW_CHARS:
        text = text[: TEXT_PREVIEW_CHARS - 1].rstrip() + "…"
    return f'"{text}"'


def _count_changes(old: Counter, new: Counter) -> list[str]:
    """'key N (was M)' for every key whose count changed, keys in sorted order."""
    return [
        f"{key} {new.get(key, 0)} (was {old.get(key, 0)})"
        for key in sorted(set(old) | set(new))
        if old.get(key, 0) != new.get(key, 0)
    ]


def _has(df: pd.DataFrame, columns: Iterable[str]) -> bool:
    return all(c in df.columns for c in columns)


# --------------------------------------------------------------------------- generic summary


def _row_multiset(df: pd.DataFrame, columns: list[str]) -> Counter:
    if not columns:
        return Counter({(): len(df)})
    cells = [_text(df[c]) for c in columns]
    return Counter(zip(*cells))


def describe_generic(name: str, old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Rows and columns added or removed, for a table we have no specific summary for."""
    lines = []
    added_cols = [c for c in new.columns if c not in old.columns]
    removed_cols = [c for c in old.columns if c not in new.columns]
    if added_cols or removed_cols:
        parts = []
        if added_cols:
            parts.append("added " + ", ".join(map(str, added_cols)))
        if removed_cols:
            parts.append("removed " + ", ".join(map(str, removed_cols)))
        lines.append(f"table {name}: columns {'; '.join(parts)}")
    common = [c for c in new.columns if c in old.columns]
    old_rows, new_rows = _row_multiset(old, common), _row_multiset(new, common)
    n_added = sum((new_rows - old_rows).values())
    n_removed = sum((old_rows - new_rows).values())
    count = f"rows {len(new)} (was {len(old)})" if len(new) != len(old) else f"rows {len(new)}"
    if n_added or n_removed:
        detail = []
        if n_added:
            detail.append(f"{n_added} added")
        if n_removed:
            detail.append(f"{n_removed} removed")
        what = "" if common == list(new.columns) else " (compared on the shared columns)"
        lines.append(f"table {name}: {count}; {', '.join(detail)}{what}")
    elif len(new) != len(old):
        lines.append(f"table {name}: {count}")
    elif not lines and _differs(old, new):
        lines.append(f"table {name}: {count}; same rows in a different order or format")
    return lines


def _differs(old: pd.DataFrame, new: pd.DataFrame) -> bool:
    if list(old.columns) != list(new.columns) or len(old) != len(new):
        return True
    return any(_text(old[c]) != _text(new[c]) for c in new.columns)


# --------------------------------------------------------------------------- specific summaries


def describe_segments(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Meetings added or removed, and per meeting the segments added, removed or re-worded."""
    old_meetings, new_meetings = _text(old["meeting_id"]), _text(new["meeting_id"])
    old_n, new_n = Counter(old_meetings), Counter(new_meetings)
    by_id = _has(old, ["segment_id"]) and _has(new, ["segment_id"])
    with_text = by_id and _has(old, ["text"]) and _has(new, ["text"])

    def segments_of(df: pd.DataFrame, meetings: list[str]) -> dict[str, dict[str, str]]:
        ids = _text(df["segment_id"])
        texts = _text(df["text"]) if with_text else [""] * len(ids)
        out: dict[str, dict[str, str]] = {}
        for meeting, seg, text in zip(meetings, ids, texts):
            out.setdefault(meeting, {})[seg] = text
        return out

    old_segs = segments_of(old, old_meetings) if by_id else {}
    new_segs = segments_of(new, new_meetings) if by_id else {}
    lines = []
    for meeting in sorted(set(old_n) | set(new_n)):
        if meeting not in old_n:
            lines.append(f"meeting {meeting}: new ({_plural(new_n[meeting], 'segment')})")
            continue
        if meeting not in new_n:
            lines.append(f"meeting {meeting}: removed (was {_plural(old_n[meeting], 'segment')})")
            continue
        count = f"{_plural(new_n[meeting], 'segment')}"
        if new_n[meeting] != old_n[meeting]:
            count += f" (was {old_n[meeting]})"
        detail = []
        if by_id:
            before, after = old_segs.get(meeting, {}), new_segs.get(meeting, {})
            n_added = len(after.keys() - before.keys())
            n_removed = len(before.keys() - after.keys())
            n_reworded = sum(1 for seg in after.keys() & before.keys() if after[seg] != before[seg])
            if n_added:
                detail.append(f"{n_added} added")
            if n_removed:
                detail.append(f"{n_removed} removed")
            if n_reworded:
                detail.append(f"{n_reworded} with changed text")
        if detail or new_n[meeting] != old_n[meeting]:
            lines.append(f"meeting {meeting}: {count}" + (f"; {', '.join(detail)}" if detail else ""))
    return lines


def describe_theme_matrix(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Per theme: in how many meetings it is found, and its segment count per meeting."""

    def cells(df: pd.DataFrame) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for theme, meeting, n in zip(_text(df["theme_id"]), _text(df["meeting_id"]), _numbers(df["n_segments"])):
            out.setdefault(theme, {})[meeting] = out.get(theme, {}).get(meeting, 0) + n
        return out

    before, after = cells(old), cells(new)
    lines = []
    for theme in sorted(set(before) | set(after)):
        was = {m for m, n in before.get(theme, {}).items() if n > 0}
        now = {m for m, n in after.get(theme, {}).items() if n > 0}
        if theme not in before:
            lines.append(f"theme {theme}: new, in {_plural(len(now), 'meeting')}")
            continue
        if theme not in after:
            lines.append(f"theme {theme}: removed (was in {_plural(len(was), 'meeting')})")
            continue
        parts = []
        if now != was:
            head = f"now in {_plural(len(now), 'meeting')} (was {len(was)})"
            moved = []
            if now - was:
                moved.append("found in " + ", ".join(sorted(now - was)))
            if was - now:
                moved.append("no longer in " + ", ".join(sorted(was - now)))
            parts.append(head + ": " + "; ".join(moved))
        shifts = [
            f"{m} {_fmt_number(after[theme][m])} (was {_fmt_number(before[theme][m])})"
            for m in sorted(set(before[theme]) & set(after[theme]))
            if before[theme][m] != after[theme][m] and before[theme][m] > 0 and after[theme][m] > 0
        ]
        if shifts:
            parts.append("segments " + ", ".join(shifts))
        if parts:
            lines.append(f"theme {theme}: " + "; ".join(parts))
    return lines


def describe_theme_codes(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Codes per meeting, then per theme the matched terms that are new or no longer matched.

    Counts per theme and meeting are left to the theme matrix; what only this table tells is
    which words of the text the codebook matched.
    """

    def per_meeting(df: pd.DataFrame) -> Counter:
        meetings = _text(df["meeting_id"]) if "meeting_id" in df.columns else [""] * len(df)
        return Counter(m or seg.partition(":")[0] for m, seg in zip(meetings, _text(df["segment_id"])))

    def terms(df: pd.DataFrame) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        cells = _text(df["matched_terms"]) if "matched_terms" in df.columns else [""] * len(df)
        for theme, cell in zip(_text(df["theme_id"]), cells):
            out.setdefault(theme, set()).update(t.strip() for t in cell.split(";") if t.strip())
        return out

    lines = []
    by_meeting = _count_changes(per_meeting(old), per_meeting(new))
    if len(old) != len(new) or by_meeting:
        lines.append(
            f"theme codes: {_plural(len(new), 'coded segment-theme pair')} (was {len(old)})"
            + (f"; by meeting {', '.join(by_meeting)}" if by_meeting else "")
        )
    before, after = terms(old), terms(new)
    for theme in sorted(set(before) & set(after)):
        parts = []
        if after[theme] - before[theme]:
            parts.append("new terms " + _join_some(sorted(after[theme] - before[theme])))
        if before[theme] - after[theme]:
            parts.append("no longer matched " + _join_some(sorted(before[theme] - after[theme])))
        if parts:
            lines.append(f"theme codes: {theme} {'; '.join(parts)}")
    for theme in sorted(set(after) - set(before)):
        coded = sum(1 for t in _text(new["theme_id"]) if t == theme)
        lines.append(f"theme codes: {theme} now coded ({_plural(coded, 'segment')})")
    for theme in sorted(set(before) - set(after)):
        lines.append(f"theme codes: {theme} no longer coded")
    return lines


def _items(df: pd.DataFrame, key_columns: list[str]) -> list[tuple[str, ...]]:
    return list(zip(*[_text(df[c]) for c in key_columns]))


def _added_removed(old_items: list, new_items: list) -> tuple[list, list]:
    """Items new since the old list and items gone from it (multisets), each in its list's order."""
    old_count, new_count = Counter(old_items), Counter(new_items)
    added_left, removed_left = new_count - old_count, old_count - new_count
    added, removed = [], []
    for item in new_items:
        if added_left[item] > 0:
            added.append(item)
            added_left[item] -= 1
    for item in old_items:
        if removed_left[item] > 0:
            removed.append(item)
            removed_left[item] -= 1
    return added, removed


def describe_quantities(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Figures added or removed (meeting, value as written, what is counted), and category counts."""
    key = ["meeting_id", "value_text"] + [c for c in ("counted",) if c in old.columns and c in new.columns]
    old_items, new_items = _items(old, key), _items(new, key)
    old_meetings, new_meetings = Counter(i[0] for i in old_items), Counter(i[0] for i in new_items)
    added, removed = _added_removed(old_items, new_items)
    lines = []
    if len(new) != len(old) or added or removed:
        head = f"quantities: {_plural(len(new), 'figure')}"
        lines.append(head + (f" (was {len(old)})" if len(new) != len(old) else " (same count)"))
    if "category" in old.columns and "category" in new.columns:
        changes = _count_changes(Counter(_text(old["category"])), Counter(_text(new["category"])))
        if changes:
            lines.append("quantities: by category " + ", ".join(changes))
    for meeting in sorted(set(new_meetings) - set(old_meetings)):
        lines.append(f"quantities: {meeting} new, {_plural(new_meetings[meeting], 'figure')}")
    for meeting in sorted(set(old_meetings) - set(new_meetings)):
        lines.append(f"quantities: {meeting} removed (was {_plural(old_meetings[meeting], 'figure')})")
    # Figures of a meeting that is new or gone as a whole are summed up above, not listed.
    lines += ["quantities: new: " + " ".join(p for p in item if p) for item in added if item[0] in old_meetings]
    lines += ["quantities: removed: " + " ".join(p for p in item if p) for item in removed if item[0] in new_meetings]
    return lines


def describe_actors(old: pd.DataFrame, new: pd.DataFrame, names: Mapping[str, str] | None = None) -> list[str]:
    """Per actor: in how many meetings it is named, and (with roles) in how many it took part.

    Args:
        old: The committed actors table.
        new: This build's actors table.
        names: Actor id -> name to show ("GHA" -> "Ghana"), e.g. from ``load_actor_names``;
            without it, the most frequent spelling in the text is shown with the id.
    """
    names = names or {}
    with_role = "role" in old.columns and "role" in new.columns
    with_name = "name_as_written" in old.columns and "name_as_written" in new.columns

    def index(df: pd.DataFrame) -> tuple[dict, dict, dict]:
        types = _text(df["actor_type"]) if "actor_type" in df.columns else [""] * len(df)
        spellings = _text(df["name_as_written"]) if with_name else [""] * len(df)
        roles = _text(df["role"]) if with_role else [""] * len(df)
        named: dict[tuple, set] = {}
        took_part: dict[tuple, set] = {}
        written: dict[tuple, Counter] = {}
        for kind, actor, meeting, spelling, role in zip(
            types, _text(df["actor_id"]), _text(df["meeting_id"]), spellings, roles
        ):
            named.setdefault((kind, actor), set()).add(meeting)
            took_part.setdefault((kind, actor), set())
            if role == "participant":
                took_part[(kind, actor)].add(meeting)
            if spelling:
                written.setdefault((kind, actor), Counter())[spelling] += 1
        return named, took_part, written

    old_named, old_part, old_written = index(old)
    new_named, new_part, new_written = index(new)

    def label(key: tuple) -> str:
        actor = key[1]
        if names.get(actor):
            return names[actor]
        # The most frequent spelling, with the id, as a demonym ("Ghanaian") may be the commonest.
        spellings = new_written.get(key) or old_written.get(key) or Counter()
        if not spellings:
            return actor
        spelling = sorted(spellings.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]
        return spelling if spelling == actor else f"{spelling} ({actor})"

    def moves(was: set, now: set) -> str:
        parts = []
        if now - was:
            parts.append("added " + ", ".join(sorted(now - was)))
        if was - now:
            parts.append("dropped " + ", ".join(sorted(was - now)))
        return "; ".join(parts)

    lines = []
    keys = sorted(set(old_named) | set(new_named), key=lambda k: (k[0], label(k).casefold(), k[1]))
    for key in keys:
        was, now = old_named.get(key, set()), new_named.get(key, set())
        part_was, part_now = old_part.get(key, set()), new_part.get(key, set())
        who = label(key)
        if not was:
            took_part = f", a participant in {', '.join(sorted(part_now))}" if part_now else ""
            lines.append(
                f"actors: {who} newly named, in {_plural(len(now), 'meeting')} ({', '.join(sorted(now))}){took_part}"
            )
            continue
        if not now:
            lines.append(f"actors: {who} no longer named (was in {', '.join(sorted(was))})")
            continue
        parts = []
        if was != now:
            parts.append(f"now named in {_plural(len(now), 'meeting')} (was {len(was)})")
        if with_role and part_was != part_now:
            parts.append(f"a participant in {len(part_now)} (was {len(part_was)})")
        if not parts:
            continue
        if was == now:
            detail = moves(part_was, part_now)
        elif part_was == part_now or moves(was, now) == moves(part_was, part_now):
            detail = moves(was, now)
        else:
            detail = f"named {moves(was, now)}; participant {moves(part_was, part_now)}"
        if parts[0].startswith("a participant"):
            parts[0] = "now " + parts[0]
        lines.append(f"actors: {who} {', '.join(parts)}: {detail}")
    return lines


def load_actor_names(data_dir: str | os.PathLike) -> dict[str, str]:
    """Actor id -> name from the country alias table and the organisation gazetteer.

    Args:
        data_dir: The folder holding ``actors/countries.csv`` and ``actors/organisations.csv``.

    Returns:
        ISO3 code or organisation id -> name; empty for a file that is missing or unreadable
        (names only make the summary easier to read).
    """
    names: dict[str, str] = {}
    for file, id_column in (("countries.csv", "iso3"), ("organisations.csv", "org_id")):
        path = Path(data_dir) / "actors" / file
        try:
            table = read_table_text(path.read_bytes(), str(path))
        except (OSError, InputError):
            continue
        if id_column in table.columns and "name" in table.columns:
            for actor, name in zip(_text(table[id_column]), _text(table["name"])):
                if actor and name:
                    names.setdefault(actor, name)
    return names


def describe_recommendations(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Per meeting: counts by kind; then recommendations added, removed or re-classified."""
    with_kind = "kind" in old.columns and "kind" in new.columns
    attributes = [c for c in ("kind", "addressee", "theme_ids") if c in old.columns and c in new.columns]

    def by_meeting(df: pd.DataFrame) -> dict[str, Counter]:
        kinds = _text(df["kind"]) if with_kind else [""] * len(df)
        out: dict[str, Counter] = {}
        for meeting, kind in zip(_text(df["meeting_id"]), kinds):
            out.setdefault(meeting, Counter())[kind] += 1
        return out

    def kinds_text(counter: Counter) -> str:
        return ", ".join(f"{k} {n}" for k, n in sorted(counter.items()) if k)

    old_m, new_m = by_meeting(old), by_meeting(new)
    lines = []
    for meeting in sorted(set(old_m) | set(new_m)):
        was, now = old_m.get(meeting, Counter()), new_m.get(meeting, Counter())
        if not was:
            lines.append(
                f"recommendations: {meeting} new, {sum(now.values())}"
                + (f" ({kinds_text(now)})" if kinds_text(now) else "")
            )
        elif not now:
            lines.append(f"recommendations: {meeting} removed (was {sum(was.values())})")
        elif was != now:
            per_kind = _count_changes(was, now) if with_kind else []
            lines.append(
                f"recommendations: {meeting} now {sum(now.values())} (was {sum(was.values())})"
                + (f": {', '.join(per_kind)}" if per_kind else "")
            )

    def entries(df: pd.DataFrame) -> tuple[list, dict]:
        keys = _items(df, ["meeting_id", "text"])
        ids = _text(df["recommendation_id"]) if "recommendation_id" in df.columns else [""] * len(df)
        attrs = _items(df, attributes) if attributes else [()] * len(df)
        grouped: dict[tuple, list] = {}
        for key, rec_id, attr in zip(keys, ids, attrs):
            grouped.setdefault(key, []).append((rec_id, attr))
        return keys, grouped

    old_keys, old_grouped = entries(old)
    new_keys, new_grouped = entries(new)
    added, removed = _added_removed(old_keys, new_keys)

    def name(meeting: str, text: str, grouped: dict) -> str:
        rec_id = grouped.get((meeting, text), [("", ())])[0][0]
        return f"{rec_id or meeting} {_preview(text)}"

    for key in dict.fromkeys(new_keys):
        if key in old_grouped and attributes:
            was = sorted(a for _, a in old_grouped[key])
            now = sorted(a for _, a in new_grouped[key])
            if was != now and len(was) == len(now) == 1:
                changed = [
                    f"{col} {now[0][i] or '(none)'} (was {was[0][i] or '(none)'})"
                    for i, col in enumerate(attributes)
                    if now[0][i] != was[0][i]
                ]
                lines.append(f"recommendations: {name(*key, new_grouped)}: {'; '.join(changed)}")
    # Items of a meeting that is new or gone as a whole are summed up above, not listed.
    lines += [f"recommendations: new: {name(*key, new_grouped)}" for key in added if key[0] in old_m]
    lines += [f"recommendations: removed: {name(*key, old_grouped)}" for key in removed if key[0] in new_m]
    return lines


def _pair_verdicts(df: pd.DataFrame) -> dict[tuple[str, str], str]:
    """One verdict per (recommendation, later meeting): the row the follow-through chapter marks `decides`.

    Tables written before that column existed fall back to the best-ranked row of each pair.

    Args:
        df: A follow-through table, one row per item, later meeting and ranked passage.
    """
    keys = list(zip(_text(df["recommendation_id"]), _text(df["later_meeting_id"])))
    verdicts = _text(df["verdict"])
    if "decides" in df.columns:
        chosen = [v.strip().lower() in _TRUE for v in _text(df["decides"])]
    else:
        ranks = _numbers(df["rank"]) if "rank" in df.columns else list(range(len(df)))
        best: dict[tuple[str, str], float] = {}
        for key, rank in zip(keys, ranks):
            best[key] = min(rank, best.get(key, rank))
        chosen = [rank == best[key] for key, rank in zip(keys, ranks)]
    decided: dict[tuple[str, str], str] = {}
    for key, verdict, is_chosen in zip(keys, verdicts, chosen):
        if is_chosen:
            decided.setdefault(key, verdict)
    for key, verdict in zip(keys, verdicts):
        decided.setdefault(key, verdict)
    return decided


def describe_followthrough(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Verdict counts, then each (recommendation, later meeting) pair whose verdict changed.

    Args:
        old: The committed follow-through table.
        new: This build's follow-through table.
    """
    before, after = _pair_verdicts(old), _pair_verdicts(new)
    lines = []
    tally = _count_changes(Counter(before.values()), Counter(after.values()))
    if tally:
        lines.append("follow-through: verdicts " + ", ".join(tally))
    pairs = sorted(set(before) | set(after))
    changed = [p for p in pairs if p in before and p in after and before[p] != after[p]]
    lines += [f"follow-through: {r} -> {m} now {after[(r, m)]} (was {before[(r, m)]})" for r, m in changed]

    # New and removed pairs that were never found add little; they come after those that were.
    def weak_last(pair: tuple[str, str], verdicts: dict) -> tuple:
        return (verdicts[pair] == "not_found", pair)

    added = sorted((p for p in after if p not in before), key=lambda p: weak_last(p, after))
    removed = sorted((p for p in before if p not in after), key=lambda p: weak_last(p, before))
    lines += [f"follow-through: {r} -> {m} new ({after[(r, m)]})" for r, m in added]
    lines += [f"follow-through: {r} -> {m} removed (was {before[(r, m)]})" for r, m in removed]
    return lines


Summariser = Callable[[pd.DataFrame, pd.DataFrame], list[str]]
# Table name -> (columns the summary needs in both versions, the summary).
SUMMARISERS: dict[str, tuple[tuple[str, ...], Summariser]] = {
    "segments.csv": (("meeting_id",), describe_segments),
    "theme_matrix.csv": (("meeting_id", "theme_id", "n_segments"), describe_theme_matrix),
    "theme_codes.csv": (("segment_id", "theme_id"), describe_theme_codes),
    "quantities.csv": (("meeting_id", "value_text"), describe_quantities),
    "actors.csv": (("meeting_id", "actor_id"), describe_actors),
    "recommendations.csv": (("meeting_id", "text"), describe_recommendations),
    "followthrough.csv": (("recommendation_id", "later_meeting_id", "verdict"), describe_followthrough),
}


# --------------------------------------------------------------------------- entry point


def _describe_table(
    name: str,
    old: pd.DataFrame | None,
    new: pd.DataFrame | None,
    options: dict,
) -> list[str]:
    if old is None and new is None:
        return []
    if old is None:
        return [f"table {name}: new ({_plural(len(new), 'row')})"]
    if new is None:
        return [f"table {name}: removed (was {_plural(len(old), 'row')})"]
    if not _differs(old, new):
        return []
    needed, summarise = SUMMARISERS.get(Path(name).name, ((), None))
    if summarise is describe_actors:
        summarise = partial(describe_actors, names=options["actor_names"])
    lines: list[str] = []
    if summarise is not None and _has(old, needed) and _has(new, needed):
        try:
            lines = summarise(old, new)
        except Exception:  # noqa: BLE001 - a summary must never break the build; the generic one follows
            lines = []
        if lines and list(old.columns) != list(new.columns):
            lines = [line for line in describe_generic(name, old, new) if ": columns " in line] + lines
    return lines or describe_generic(name, old, new)


def _cap(name: str, lines: list[str], max_lines: int) -> list[str]:
    if len(lines) <= max_lines:
        return lines
    return lines[:max_lines] + [f"{name}: ... and {len(lines) - max_lines} more"]


def describe_changes(
    old: dict[str, pd.DataFrame | None],
    new: dict[str, pd.DataFrame | None],
    *,
    max_lines: int = MAX_LINES_PER_TABLE,
    actor_names: Mapping[str, str] | None = None,
) -> list[str]:
    """Say in plain language what changed between two versions of the processed tables.

    Args:
        old: Table file name -> committed table, None where there is none
            (``load_committed_tables``).
        new: Table file name -> table as this build wrote it (``load_tables``).
        max_lines: Lines per table before the rest is counted as "... and N more".
        actor_names: Actor id -> name for the actors summary (``load_actor_names``).

    Returns:
        Lines such as "theme digital: now in 3 meetings (was 2)", tables in chapter order (then
        by name), nothing for unchanged tables; an empty list when nothing changed.
    """
    names = set(old) | set(new)
    options = {"actor_names": actor_names}
    known = [n for n in TABLE_ORDER if n in names]
    lines: list[str] = []
    for name in known + sorted(names - set(known)):
        try:
            table_lines = _describe_table(name, old.get(name), new.get(name), options)
        except Exception:  # noqa: BLE001 - odd input (e.g. duplicate column names) must not stop the build
            table_lines = [f"table {name}: changed (could not summarise)"]
        lines += _cap(name, table_lines, max_lines)
    return lines
