"""The alias tables of countries, groups and organisations: loading, validation and matching patterns."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pycountry

from msmeetings.errors import InputError

REGIONS = ("eu_member_state", "western_balkans", "south_partner", "west_africa", "other")
REGION_LABELS = {
    "eu_member_state": "EU Member State",
    "western_balkans": "Western Balkans",
    "south_partner": "South Partner Countries",
    "west_africa": "West Africa",
    "other": "Other",
}
ORG_TYPES = (
    "EU agency",
    "EU institution",
    "UN body",
    "Council of Europe body",
    "international organisation",
    "regional process",
    "network",
    "mission",
    "national authority",
    "court",
    "NGO",
    "other",
)
ACTOR_TYPES = ("country", "group", "organisation", "person")
# What a document says an actor did at the meeting: took part (attended, presented, spoke, chaired,
# hosted), attended as an observer, paid for it without taking part, or was only talked about.
# A meeting-level role is the first of these that any mention has.
ROLES = ("participant", "observer", "funder", "subject")
TOOK_PART_ROLES = ("participant", "observer")
# How a mention was written, so that counts of bodies can leave out mere labels: ``name`` (a name
# or short name), ``acronym`` (a bare acronym), ``defined`` (a body the document itself defines,
# "Full Name (ACR)", or an unlisted name built like an organisation's) and ``speaker_label`` (the
# body only describes a speaker: "a Focus Group member", "National Member for Ireland at Eurojust").
MENTION_KINDS = ("name", "acronym", "defined", "speaker_label")
SCOPES = ("text", "code_list")

COUNTRY_COLUMNS = ["alias", "iso3", "name", "region", "is_group", "scope", "eu_from", "eu_until"]
ORGANISATION_COLUMNS = ["org_id", "alias", "name", "org_type", "parent", "iso3"]

GOLD_COLUMNS = ["meeting_id", "actor_type", "actor_id", "role"]

# ISO 3166-1 alpha-3 from pycountry's bundled data (no download), plus XKX, the user-assigned code
# the EU and the World Bank use for Kosovo.
ISO3_CODES = frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}

# Names of instruments and places that contain an actor's name but are not that actor: the
# matcher consumes them so that "Malta Declaration" is not Malta and the UN Convention
# against Transnational Organized Crime is not the United Nations.
NON_ACTOR_PHRASES = (
    "United Nations Convention against Transnational Organized Crime",
    "UN Convention against Transnational Organized Crime",
    "UN Refugee Convention",
    "Malta Declaration",
    "Bamako Declaration",
    # A capital named after another country ("Port of Spain" is in Trinidad and Tobago) names no state.
    "Port of Spain",
    "Port-of-Spain",
)


LABEL_MAX_CHARS = 24  # longer names are shown by their acronym in charts


_APOSTROPHES = "'’‘"
_HYPHENS = "-‐‑–"


@dataclass(frozen=True)
class Actor:
    """What an alias resolves to."""

    actor_type: str
    actor_id: str
    name: str
    region: str = ""
    iso3: str = ""
    org_type: str = ""
    parent: str = ""
    eu_from: str = ""
    eu_until: str = ""


@dataclass(frozen=True)
class Gazetteers:
    """The alias tables, validated and compiled for matching."""

    aliases: Mapping[str, Actor | None]  # normalised alias -> actor (None: a non-actor phrase)
    codes: Mapping[str, Actor]  # two-letter code -> country, read only inside code lists
    pattern: re.Pattern
    countries: pd.DataFrame  # one row per country or group: actor_type, actor_id, name, region, iso3
    organisations: pd.DataFrame  # one row per organisation: org_id, name, org_type, parent, iso3, label

    def lookup(self, name: str) -> Actor | None:
        """Return the actor an alias names, or None."""
        return self.aliases.get(normalise_alias(name))


def normalise_alias(text: str) -> str:
    """Return the key under which an alias is stored: case-folded, one kind of apostrophe and hyphen."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(f"[{_APOSTROPHES}]", "'", text)
    text = re.sub(f"[{_HYPHENS}]", "-", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


_TRANSLITERATION = str.maketrans(
    {
        "Đ": "D",
        "đ": "d",
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Þ": "Th",
        "þ": "th",
        "ı": "i",
        "Ħ": "H",
        "ħ": "h",
    }
)


def slugify(text: str) -> str:
    """Return an ASCII identifier for a name ("Robert Črepinko" -> "robert_crepinko", "Đorđević" -> "dordevic")."""
    # Letters that do not decompose into a base letter and a mark are spelled as a reader would.
    text = text.translate(_TRANSLITERATION)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def _is_acronym(alias: str) -> bool:
    return not any(ch.islower() for ch in alias)


def _alias_regex(alias: str) -> str:
    """Regex for one alias: flexible whitespace, apostrophes and hyphens; the case rules above."""
    parts = []
    for ch in alias:
        if ch.isspace():
            parts.append(r"\s+")
        elif ch in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        elif ch in _HYPHENS:
            parts.append(f"[{_HYPHENS}]")
        else:
            parts.append(re.escape(ch))
    if _is_acronym(alias):
        return "".join(parts)
    if alias[0].isupper():
        return parts[0] + "(?i:" + "".join(parts[1:]) + ")"
    return "(?i:" + "".join(parts) + ")"


def _read_csv(path: Path, columns: list[str], fix: str) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise InputError(f"{path}: file not found. {fix}")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                f"{path}: column(s) {', '.join(missing)} missing from the header. "
                f"The header must be: {','.join(columns)}."
            )
        rows = []
        for row in reader:
            values = {c: (row.get(c) or "").strip() for c in columns}
            rows.append((reader.line_num, values))
    return rows


def _require(path: Path, line: int, row: dict[str, str], fields: Iterable[str]) -> None:
    for name in fields:
        if not row[name]:
            raise InputError(
                f"{path}, line {line}: field '{name}' is empty (alias '{row.get('alias', '')}'). Fill it in."
            )


def _check_date(path: Path, line: int, name: str, value: str) -> None:
    if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise InputError(
            f"{path}, line {line}: {name} '{value}' is not a date. Write it as YYYY-MM-DD, or leave it empty."
        )


def _read_countries(path: Path) -> list[tuple[int, Actor, str, str]]:
    """Rows of the country alias table as (line, actor, alias, scope)."""
    fix = "Create it with the columns " + ",".join(COUNTRY_COLUMNS) + "."
    out = []
    for line, row in _read_csv(path, COUNTRY_COLUMNS, fix):
        _require(path, line, row, ("alias", "name", "region", "is_group", "scope"))
        where = f"{path}, line {line} (alias '{row['alias']}')"
        if row["region"] not in REGIONS:
            raise InputError(f"{where}: unknown region '{row['region']}'. Use one of: {', '.join(REGIONS)}.")
        if row["is_group"] not in ("true", "false"):
            raise InputError(f"{where}: is_group must be 'true' or 'false', not '{row['is_group']}'.")
        if row["scope"] not in SCOPES:
            raise InputError(f"{where}: unknown scope '{row['scope']}'. Use one of: {', '.join(SCOPES)}.")
        _check_date(path, line, "eu_from", row["eu_from"])
        _check_date(path, line, "eu_until", row["eu_until"])
        if (row["eu_from"] or row["eu_until"]) and row["region"] != "eu_member_state":
            raise InputError(f"{where}: EU membership dates are only meaningful with region eu_member_state.")
        if row["is_group"] == "true":
            if row["iso3"]:
                raise InputError(f"{where}: a group has no ISO code; leave iso3 empty or set is_group to false.")
            actor = Actor("group", slugify(row["name"]), row["name"], row["region"])
        else:
            if row["iso3"] not in ISO3_CODES:
                raise InputError(
                    f"{where}: unknown ISO 3166 alpha-3 code '{row['iso3']}'. "
                    "Use the country's three-letter ISO code (e.g. GBR for the United Kingdom, NER for Niger)."
                )
            actor = Actor(
                "country",
                row["iso3"],
                row["name"],
                row["region"],
                iso3=row["iso3"],
                eu_from=row["eu_from"],
                eu_until=row["eu_until"],
            )
        out.append((line, actor, row["alias"], row["scope"]))
    return out


def _read_organisations(path: Path) -> list[tuple[int, Actor, str]]:
    """Rows of the organisation gazetteer as (line, actor, alias)."""
    fix = "Create it with the columns " + ",".join(ORGANISATION_COLUMNS) + "."
    out = []
    for line, row in _read_csv(path, ORGANISATION_COLUMNS, fix):
        _require(path, line, row, ("org_id", "alias", "name", "org_type"))
        where = f"{path}, line {line} (alias '{row['alias']}')"
        if not re.fullmatch(r"[a-z0-9_]+", row["org_id"]):
            raise InputError(f"{where}: org_id '{row['org_id']}' must be lower-case letters, digits and '_'.")
        if row["org_type"] not in ORG_TYPES:
            raise InputError(f"{where}: unknown org_type '{row['org_type']}'. Use one of: {', '.join(ORG_TYPES)}.")
        if row["iso3"] and row["iso3"] not in ISO3_CODES:
            raise InputError(
                f"{where}: unknown ISO 3166 alpha-3 code '{row['iso3']}'. "
                "Use a three-letter ISO code or leave it empty."
            )
        actor = Actor(
            "organisation", row["org_id"], row["name"], org_type=row["org_type"], parent=row["parent"], iso3=row["iso3"]
        )
        out.append((line, actor, row["alias"]))
    return out


def _check_consistent(path: Path, rows: list[tuple[int, Actor]]) -> None:
    """Every row of one id must describe the same actor (name, region, type…)."""
    first: dict[tuple[str, str], tuple[int, Actor]] = {}
    for line, actor in rows:
        key = (actor.actor_type, actor.actor_id)
        if key not in first:
            first[key] = (line, actor)
        elif first[key][1] != actor:
            other_line, other = first[key]
            differ = "; ".join(
                f"{name} '{getattr(actor, name)}' here, '{getattr(other, name)}' on line {other_line}"
                for name in ("name", "region", "org_type", "parent", "iso3", "eu_from", "eu_until")
                if getattr(actor, name) != getattr(other, name)
            )
            raise InputError(
                f"{path}, line {line}: id '{actor.actor_id}' is described differently from an earlier row "
                f"({differ}). "
                "Give every alias row of one id the same values."
            )


def iso_country_names(country: object) -> list[str]:
    """The names ISO 3166 gives a country, as they are written in running text.

    "Korea, Republic of" reads "Republic of Korea"; a bracketed gloss is dropped ("Holy See
    (Vatican City State)" is "Holy See"); a leading "the" is dropped, since the matcher finds the
    name without it.
    """
    names = []
    for attr in ("name", "official_name", "common_name"):
        name = getattr(country, attr, None)
        if not name:
            continue
        name = re.sub(r"\s*\([^)]*\)", "", name).strip()
        if ", " in name:
            head, _, tail = name.partition(", ")
            # Only an inverted "of" phrase is turned round; "Bonaire, Sint Eustatius and Saba" is a list.
            if re.search(r"\bof(?: the)?$", tail, re.IGNORECASE):
                name = f"{tail} {head}"
        name = re.sub(r"^(?:the|The)\s+", "", name)
        if name not in names:
            names.append(name)
    return names


def _iso_country_rows(country_rows: list[tuple[int, Actor, str, str]], taken: set[str]) -> list:
    """Every ISO 3166 country and territory under its ISO names, unless our table already has the name.

    A country our table lists keeps its name and region; the others are placed in ``other``.
    """
    listed = {actor.iso3: actor for _, actor, _, _ in country_rows if actor.actor_type == "country"}
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        names = iso_country_names(country)
        actor = listed.get(country.alpha_3) or Actor(
            "country", country.alpha_3, names[0], "other", iso3=country.alpha_3
        )
        for name in names:
            key = normalise_alias(name)
            if key not in taken:
                taken.add(key)
                rows.append((0, actor, name, "text"))
    return rows


def load_gazetteers(data_dir: str | Path) -> Gazetteers:
    """Load and validate ``actors/countries.csv`` and ``actors/organisations.csv`` under data_dir.

    Raises:
        InputError: a missing column or field, an unknown ISO code, region or org_type, an alias
            that maps to two different ids, or a parent organisation that does not exist.
    """
    base = Path(data_dir) / "actors"
    countries_path, orgs_path = base / "countries.csv", base / "organisations.csv"
    country_rows = _read_countries(countries_path)
    org_rows = _read_organisations(orgs_path)
    curated = {normalise_alias(alias) for _, _, alias, _ in country_rows}
    curated |= {normalise_alias(alias) for _, _, alias in org_rows}
    country_rows += _iso_country_rows(country_rows, curated)
    _check_consistent(countries_path, [(line, actor) for line, actor, _, _ in country_rows])
    _check_consistent(orgs_path, [(line, actor) for line, actor, _ in org_rows])

    org_ids = {actor.actor_id for _, actor, _ in org_rows}
    for line, actor, alias in org_rows:
        if actor.parent and actor.parent not in org_ids:
            raise InputError(
                f"{orgs_path}, line {line} (alias '{alias}'): parent '{actor.parent}' is not an org_id of this file. "
                "Add the parent organisation or correct the id."
            )
    group_ids = {actor.actor_id for _, actor, _, _ in country_rows if actor.actor_type == "group"}
    clash = sorted(group_ids & org_ids)
    if clash:
        raise InputError(
            f"{countries_path}: group id(s) {', '.join(clash)} also used as org_id in {orgs_path}. Rename one."
        )

    aliases: dict[str, Actor | None] = {}
    seen: dict[str, tuple[str, Actor]] = {}
    codes: dict[str, Actor] = {}
    code_seen: dict[str, str] = {}
    entries = [(f"{countries_path}, line {line}", actor, alias, scope) for line, actor, alias, scope in country_rows]
    entries += [(f"{orgs_path}, line {line}", actor, alias, "text") for line, actor, alias in org_rows]
    for where, actor, alias, scope in entries:
        if scope == "code_list":
            if not re.fullmatch(r"[A-Z]{2}", alias):
                raise InputError(f"{where}: a code_list alias must be two capital letters, not '{alias}'.")
            if alias in codes and codes[alias] != actor:
                raise InputError(
                    f"{where}: code '{alias}' maps to '{actor.actor_id}' but {code_seen[alias]} maps it to "
                    f"'{codes[alias].actor_id}'. An alias may name one actor only; delete or correct one row."
                )
            codes[alias], code_seen[alias] = actor, where
            continue
        key = normalise_alias(alias)
        if key in seen and (seen[key][1].actor_type, seen[key][1].actor_id) != (actor.actor_type, actor.actor_id):
            raise InputError(
                f"{where}: alias '{alias}' maps to '{actor.actor_id}' but {seen[key][0]} maps it to "
                f"'{seen[key][1].actor_id}'. An alias may name one actor only; delete or correct one row."
            )
        seen[key] = (where, actor)
        aliases[key] = actor
    for phrase in NON_ACTOR_PHRASES:
        aliases.setdefault(normalise_alias(phrase), None)

    surface = {alias for _, _, alias, scope in entries if scope == "text"} | set(NON_ACTOR_PHRASES)
    # Longest first, so that at each position the longest alias wins; ties sorted for determinism.
    ordered = sorted(surface, key=lambda a: (-len(a), a))
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(_alias_regex(a) for a in ordered) + r")(?![\w])")

    countries = pd.DataFrame(
        sorted(
            {(a.actor_type, a.actor_id, a.name, a.region, a.iso3, a.eu_from, a.eu_until) for _, a, _, _ in country_rows}
        ),
        columns=["actor_type", "actor_id", "name", "region", "iso3", "eu_from", "eu_until"],
    )
    organisations = _organisation_table(org_rows)
    return Gazetteers(aliases=aliases, codes=codes, pattern=pattern, countries=countries, organisations=organisations)


def _organisation_table(org_rows: list[tuple[int, Actor, str]]) -> pd.DataFrame:
    """One row per organisation, with a short label for charts (an acronym when there is one)."""
    aliases: dict[str, list[str]] = {}
    actors: dict[str, Actor] = {}
    for _, actor, alias in org_rows:
        actors[actor.actor_id] = actor
        if len(alias) >= 3 and alias[0].isupper():
            aliases.setdefault(actor.actor_id, []).append(alias)
    rows = []
    for org_id in sorted(actors):
        actor = actors[org_id]
        # A long name is shown by its acronym, else by its shortest capitalised alias ("Focus Group").
        short = sorted(aliases.get(org_id, []), key=lambda a: (not _is_acronym(a), len(a), a))
        label = actor.name if (len(actor.name) <= LABEL_MAX_CHARS or not short) else short[0]
        rows.append(
            {
                "org_id": org_id,
                "name": actor.name,
                "org_type": actor.org_type,
                "parent": actor.parent,
                "iso3": actor.iso3,
                "top_id": "",
                "label": label,
            }
        )
    table = pd.DataFrame(rows, columns=["org_id", "name", "org_type", "parent", "iso3", "top_id", "label"])
    parents = dict(zip(table["org_id"], table["parent"]))
    table["top_id"] = [_top_parent(org_id, parents) for org_id in table["org_id"]]
    return table


def _top_parent(org_id: str, parents: Mapping[str, str]) -> str:
    seen = {org_id}
    while parents.get(org_id):
        org_id = parents[org_id]
        if org_id in seen:
            raise InputError(f"organisations.csv: the parents of '{org_id}' form a cycle. Correct the parent column.")
        seen.add(org_id)
    return org_id
