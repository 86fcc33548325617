"""Actors: the countries, groups of countries, organisations and people each document names.

Names are looked up in two curated tables of ours, never guessed by fuzzy matching:
``data/actors/countries.csv`` (aliases of countries and of groups of countries, resolved to
ISO 3166 alpha-3) and ``data/actors/organisations.csv`` (one id per body; acronym and full name
resolve to it). Fuzzy country look-ups are wrong exactly where these documents are precise:
they turn "UK" into Uganda or Ukraine, "Niger" into Nigeria and "Republic of Korea" into the
North.

Matching is longest-first and word-bounded ("Guinea-Bissau" before "Guinea", "Council of
Europe Network of Prosecutors…" before "Council of Europe"). Aliases written without lower-case
letters are acronyms and match case-sensitively ("UK", "EMSC"); other aliases match in any case
except that a capitalised alias needs a capital in the text ("Chad", "Turkey", "Commission").
Two-letter EU country codes ("EL" is Greece, "UK" not "GB") are read only inside a list of such
codes, as in footnote 8 of the 2018 report, never in running text.

A mention's role is ``participant`` when its sentence states attendance ("was attended by …",
"Attendees included …", "representatives from …", "with 25 countries … represented") or the
actor presented or spoke at the meeting ("X presented", "X gave a presentation", "The
representative of X outlined"); otherwise ``subject``. A meeting-level role is ``participant``
when any mention is.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pandas as pd

from msmeetings.errors import InputError

REGIONS = ("eu_member_state", "western_balkans", "south_partner", "west_africa", "other")
REGION_LABELS = {
    "eu_member_state": "EU Member State",
    "western_balkans": "Western Balkans",
    "south_partner": "South Partner Countries",
    "west_africa": "West Africa",
    "other": "Other",
}
ORG_TYPES = ("EU agency", "EU institution", "UN body", "network", "mission", "national authority", "court", "other")
ACTOR_TYPES = ("country", "group", "organisation", "person")
ROLES = ("participant", "subject")
SCOPES = ("text", "code_list")

COUNTRY_COLUMNS = ["alias", "iso3", "name", "region", "is_group", "scope", "eu_from", "eu_until"]
ORGANISATION_COLUMNS = ["org_id", "alias", "name", "org_type", "parent", "iso3"]
ACTOR_COLUMNS = [
    "meeting_id",
    "segment_id",
    "actor_type",
    "actor_id",
    "name_as_written",
    "iso3",
    "region",
    "org_type",
    "role",
    "text_start",
    "text_end",
]
PEOPLE_COLUMNS = ["meeting_id", "segment_id", "person_id", "person", "role_as_written", "quote_segment_ids"]
GOLD_COLUMNS = ["meeting_id", "actor_type", "actor_id", "role"]

# ISO 3166-1 alpha-3 (249 codes, from the iso-codes package), plus XKX, the user-assigned code
# the EU and the World Bank use for Kosovo. Embedded so that no country library is needed.
ISO3_CODES = frozenset(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS BIH
    BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB
    CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO
    GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN
    IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA
    MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER
    NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU
    RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA
    TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT
    WLF WSM YEM ZAF ZMB ZWE XKX
    """.split()
)

# Names of instruments and places that contain an actor's name but are not that actor: the
# matcher consumes them so that "Malta Declaration" is not Malta and the UN Convention
# against Transnational Organized Crime is not the United Nations.
NON_ACTOR_PHRASES = (
    "United Nations Convention against Transnational Organized Crime",
    "UN Convention against Transnational Organized Crime",
    "UN Refugee Convention",
    "Malta Declaration",
    "Bamako Declaration",
)

# Attendance stated with the list of attendees after the cue.
_LIST_CUE = re.compile(
    r"\b(?:(?:was\s+|were\s+)?attended\s+(?:by|from)|attendees\s+(?:included|were)"
    r"|(?:with\s+the\s+)?participation\s+of"
    r"|represented\s+by|contributions\s+from|discussed\s+with|met\s+with|participants?,?\s+including\s+from)\b",
    re.IGNORECASE,
)
# "representative(s) from/of X" states attendance only when X then speaks, or the sentence is
# about the meeting; otherwise it describes who staffs a body (2018, footnote 9).
_REPRESENTATIVE_CUE = re.compile(r"\brepresentatives?\s+(?:from|of)\b", re.IGNORECASE)
_MEETING_WORDS = re.compile(r"\b(?:attend\w*|participa\w*|meeting|workshop|represented)\b", re.IGNORECASE)
# Attendance stated with the attendees before the cue ("with 25 countries … represented").
_TRAILING_CUE = re.compile(
    r"\b(?:represented(?=\s*(?:[.;,)]|$))|took\s+part\b|participated\b|met\s+(?:to|in|at)\b|were\s+present\b)",
    re.IGNORECASE,
)
# Where a list after a cue ends: a finite verb or a clause mark.
_LIST_END = re.compile(
    r"[;:]|\b(?:gave|provided|presented|highlighted|outlined|explained|stressed|emphasi[sz]ed|informed|marked"
    r"|met|discussed|said|stated|was|were|is|are|has|have|had|took|led|requested|suggested|recommended)\b"
)
_SPEECH_VERB = re.compile(
    r"\b(?:presented|gave\s+(?:an?\s+)?(?:presentation|overview|update|talk|speech|example)"
    r"|provided\s+(?:an?\s+)?(?:overview|update|presentation|practical\s+example|input)"
    r"|highlighted|stressed|emphasi[sz]ed|outlined|explained|described|proposed|suggested|recommended|requested"
    r"|advocated|informed|voiced|expressed|contributed|invited|hosted|organi[sz]ed|convened|chaired|underlined)\b"
)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|also\s+|further\s+)?$", re.IGNORECASE)
_PASSIVE_BY_CUE = re.compile(
    r"\b(?:presented|given|outlined|explained|delivered|introduced|organi[sz]ed|hosted|convened|chaired)\s+by\s+$",
    re.IGNORECASE,
)
_ORGANISER_NEEDS = re.compile(r"\b(?:organi[sz]ed|hosted|convened|chaired)\s+by\s+$", re.IGNORECASE)
_MEETING_CONTEXT = re.compile(r"\b(?:meeting|workshop|event|conference|session)\b", re.IGNORECASE)
_PERSPECTIVE_BEFORE = re.compile(r"\bfrom\s+an?\s+$", re.IGNORECASE)
_PERSPECTIVE_AFTER = re.compile(r"^\s+perspective\b", re.IGNORECASE)
# Words that end the subject of a verb: the mention before them is not who spoke.
_SUBJECT_BREAK = re.compile(
    r"[.;:]|,\s+(?:a|an|the)\b|\b(?:that|which|who|whom|whose|where|when|while|whereas|because|although|if|but|to"
    r"|with|for|into|between|after|before|since|until|than|against|by|is|are|was|were|has|have)\b"
)
SUBJECT_MAX_WORDS = 20
LABEL_MAX_CHARS = 24  # longer names are shown by their acronym in charts

_CODE_LIST = re.compile(r"(?<![\w-])[A-Z]{2}(?:(?:,\s*|\s+and\s+|\s+or\s+|,\s+and\s+)[A-Z]{2}){2,}(?![\w-])")
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


def slugify(text: str) -> str:
    """Return an ASCII identifier for a name ("Robert Črepinko" -> "robert_crepinko")."""
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
                f"{where}: unknown ISO 3166 alpha-3 code '{row['iso3']}'. Use a three-letter ISO code or leave it empty."
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


# ----------------------------------------------------------------------------------------------
# Extraction


@dataclass(frozen=True)
class Mention:
    """One match of an alias in a text."""

    start: int
    end: int
    text: str
    actor: Actor


def find_mentions(text: str, gazetteers: Gazetteers) -> list[Mention]:
    """Return the actor mentions in one clean text, in order (code lists, then longest-first names).

    A national authority with a country (``iso3`` in the gazetteer) yields two mentions on the
    same span: the body and its state, so that country counts include "the Dutch National
    Prosecutor's Office".
    """
    mentions: list[Mention] = []
    masked = list(text)
    for match in _CODE_LIST.finditer(text):
        tokens = list(re.finditer(r"[A-Z]{2}", match.group()))
        if all(t.group() in gazetteers.codes for t in tokens):
            for t in tokens:
                start = match.start() + t.start()
                mentions.append(Mention(start, start + 2, t.group(), gazetteers.codes[t.group()]))
            masked[match.start() : match.end()] = " " * (match.end() - match.start())
    for match in gazetteers.pattern.finditer("".join(masked)):
        actor = gazetteers.lookup(match.group())
        if actor is None:
            continue
        written = text[match.start() : match.end()]
        mentions.append(Mention(match.start(), match.end(), written, actor))
        if actor.actor_type == "organisation" and actor.iso3:
            mentions.append(Mention(match.start(), match.end(), written, _country(gazetteers, actor.iso3)))
    return sorted(mentions, key=lambda m: (m.start, m.end, m.actor.actor_type, m.actor.actor_id))


def _country(gazetteers: Gazetteers, iso3: str) -> Actor:
    """The country actor of an ISO code (a national authority's state)."""
    table = gazetteers.countries
    rows = table[(table["actor_type"] == "country") & (table["actor_id"] == iso3)]
    if rows.empty:
        # The gazetteer check guarantees a valid code, not that the alias table lists the country.
        return Actor("country", iso3, iso3, "other", iso3=iso3)
    row = rows.iloc[0]
    return Actor(
        "country", iso3, row["name"], row["region"], iso3=iso3, eu_from=row["eu_from"], eu_until=row["eu_until"]
    )


def participant_spans(sentence: str) -> list[tuple[int, int]]:
    """Return the parts of a sentence in which named actors are stated to take part."""
    spans = []
    for cue in _LIST_CUE.finditer(sentence):
        spans.append((cue.end(), _list_end(sentence, cue.end())))
    for cue in _REPRESENTATIVE_CUE.finditer(sentence):
        end = _list_end(sentence, cue.end())
        stopper = _LIST_END.match(sentence, end) if end < len(sentence) else None
        speaks = stopper is not None and _SPEECH_VERB.match(sentence, end) is not None
        if speaks or _MEETING_WORDS.search(sentence):
            spans.append((cue.end(), end))
    for cue in _TRAILING_CUE.finditer(sentence):
        before = sentence[: cue.start()]
        with_at = max(before.rfind(" with "), before.rfind(";"))
        spans.append((with_at + 1 if with_at >= 0 else 0, cue.start()))
    return spans


def _list_end(sentence: str, start: int) -> int:
    stop = _LIST_END.search(sentence, start)
    return stop.start() if stop else len(sentence)


def _is_speaker(sentence: str, start: int, end: int) -> bool:
    """Whether the actor at sentence[start:end] is the subject of a presentation or speech verb."""
    before = sentence[:start]
    if _PASSIVE_BY_CUE.search(before):
        return not _ORGANISER_NEEDS.search(before) or bool(_MEETING_CONTEXT.search(sentence))
    if _PERSPECTIVE_BEFORE.search(before) and _PERSPECTIVE_AFTER.match(sentence[end:]):
        return True
    for verb in _SPEECH_VERB.finditer(sentence, end):
        gap = sentence[end : verb.start()]
        if _SUBJECT_BREAK.search(gap) or len(gap.split()) > SUBJECT_MAX_WORDS:
            return False
        if _PASSIVE_BEFORE.search(sentence[: verb.start()]):
            continue
        if verb.group().startswith(("hosted", "organis", "organiz", "convened", "chaired")):
            return bool(_MEETING_CONTEXT.search(sentence))
        return True
    return False


def classify_role(sentence: str, start: int, end: int) -> str:
    """Return ``participant`` or ``subject`` for the actor named at sentence[start:end]."""
    if any(s <= start and end <= e for s, e in participant_spans(sentence)):
        return "participant"
    return "participant" if _is_speaker(sentence, start, end) else "subject"


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    from msmeetings.segment import split_sentences

    return split_sentences(text) or [(0, len(text))]


def _region_at(actor: Actor, date: str | None) -> str:
    """Region of an actor at a meeting date: EU membership can begin or end (the UK left in 2020)."""
    if actor.actor_type != "country" or not (actor.eu_from or actor.eu_until):
        return actor.region
    if date is None:
        return "other" if actor.eu_until else actor.region
    day = (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10] if len(date) == 7 else date[:10]
    member = (not actor.eu_from or day >= actor.eu_from) and (not actor.eu_until or day <= actor.eu_until)
    return "eu_member_state" if member else "other"


def _text_blocks(segments: pd.DataFrame) -> pd.DataFrame:
    from msmeetings.segment import TEXT_KINDS

    blocks = segments[segments["kind"].isin(TEXT_KINDS)]
    return blocks.sort_values(["meeting_id", "segment_id"], kind="stable")


def extract_actors(
    segments: pd.DataFrame, gazetteers: Gazetteers, meeting_dates: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Return one row per actor mention in the text blocks of the segments (actors.csv).

    Args:
        segments: The segments table (columns as ``msmeetings.segment.SEGMENT_COLUMNS``).
        gazetteers: From :func:`load_gazetteers`.
        meeting_dates: Start date per meeting (manifest ``start_date``), used for regions that
            changed (the UK was an EU Member State until 31 January 2020). Without a date, the
            present membership is used.

    Returns:
        Columns ``ACTOR_COLUMNS``; ``text_start``/``text_end`` are offsets in the segment's text.
        Sorted by meeting, segment and position.
    """
    rows = []
    people = extract_people(segments, gazetteers)
    person_names = people[["meeting_id", "person_id", "person"]].drop_duplicates()
    for block in _text_blocks(segments).itertuples(index=False):
        text = block.text
        date = (meeting_dates or {}).get(block.meeting_id)
        sentences = _sentence_spans(text)
        for mention in find_mentions(text, gazetteers):
            s_start, s_end = next(((s, e) for s, e in sentences if s <= mention.start < e), (0, len(text)))
            role = classify_role(text[s_start:s_end], mention.start - s_start, mention.end - s_start)
            actor = mention.actor
            # A national authority is placed in its state's region; other bodies have none.
            located = _country(gazetteers, actor.iso3) if actor.actor_type == "organisation" and actor.iso3 else actor
            rows.append(
                {
                    "meeting_id": block.meeting_id,
                    "segment_id": block.segment_id,
                    "actor_type": actor.actor_type,
                    "actor_id": actor.actor_id,
                    "name_as_written": mention.text,
                    "iso3": actor.iso3,
                    "region": _region_at(located, date),
                    "org_type": actor.org_type,
                    "role": role,
                    "text_start": mention.start,
                    "text_end": mention.end,
                }
            )
        for person in person_names[person_names["meeting_id"] == block.meeting_id].itertuples(index=False):
            for match in re.finditer(re.escape(person.person), text):
                s_start, s_end = next(((s, e) for s, e in sentences if s <= match.start() < e), (0, len(text)))
                role = classify_role(text[s_start:s_end], match.start() - s_start, match.end() - s_start)
                rows.append(
                    {
                        "meeting_id": block.meeting_id,
                        "segment_id": block.segment_id,
                        "actor_type": "person",
                        "actor_id": person.person_id,
                        "name_as_written": person.person,
                        "iso3": "",
                        "region": "",
                        "org_type": "",
                        "role": role,
                        "text_start": match.start(),
                        "text_end": match.end(),
                    }
                )
    table = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    order = ["meeting_id", "segment_id", "text_start", "text_end", "actor_type", "actor_id"]
    table = table.sort_values(order, kind="stable")
    return table.reset_index(drop=True).astype({"text_start": "int64", "text_end": "int64"})


def check_actors(table: pd.DataFrame, segments: pd.DataFrame) -> None:
    """The step's own output check: every row traces to its segment's text, with valid values.

    Raises:
        ValueError: a row names an unknown segment, its span does not hold ``name_as_written``,
            or a type or role is not one of the allowed values.
    """
    text = segments.drop_duplicates("segment_id").set_index("segment_id")["text"]
    for row in table.itertuples(index=False):
        if row.segment_id not in text.index:
            raise ValueError(f"actors: row for '{row.actor_id}' names segment {row.segment_id}, not in the segments.")
        if text[row.segment_id][row.text_start : row.text_end] != row.name_as_written:
            raise ValueError(
                f"actors: '{row.name_as_written}' is not at {row.text_start}:{row.text_end} of {row.segment_id}."
            )
        if row.actor_type not in ACTOR_TYPES or row.role not in ROLES or not row.actor_id:
            raise ValueError(
                f"actors: bad row in {row.segment_id}: type '{row.actor_type}', role '{row.role}', id '{row.actor_id}'."
            )
        if row.actor_type == "country" and row.region not in REGIONS:
            raise ValueError(f"actors: country '{row.actor_id}' in {row.segment_id} has no valid region.")


# ----------------------------------------------------------------------------------------------
# People

_TITLE_WORDS = re.compile(
    r"\b(?:President|Vice-President|Member|Head|Chair|Chairman|Chairwoman|Chairperson|Director|Coordinator|Prosecutor"
    r"|Minister|Commissioner|Representative|Judge|Secretary|Officer|Spokesperson|Adviser|Advisor|Manager|Deputy"
    r"|Ambassador|Attorney|Rapporteur)\b"
)
_SPEECH_END = re.compile(r",?\s+(?:stated|said|declared|added|commented|explained|noted)\s*:?\s*$")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us)\b")
_CLOSING_QUOTE = re.compile(r"['’”\"]\s*$")
_NAME_STOPWORDS = frozenset(
    {"the", "a", "an", "this", "these", "that", "those", "in", "on", "of", "for", "and", "to", "with", "by"}
)
TITLE_MAX_POSITION = 4
QUOTE_MAX_BLOCKS = 6
ATTRIBUTION_MAX_WORDS = 40


def parse_attribution(text: str, gazetteers: Gazetteers | None = None) -> tuple[str, str] | None:
    """Return (person, role) if a block is a named person's attribution line, else None.

    The line reads "Firstname Lastname, role" (optionally ending "stated:"); the name is two to
    four capitalised words that are not a known actor's name, and the role contains a title word.
    """
    if len(text.split()) > ATTRIBUTION_MAX_WORDS or ", " not in text:
        return None
    name, _, role = text.partition(", ")
    tokens = name.split()
    if not 2 <= len(tokens) <= 4 or any(t.casefold() in _NAME_STOPWORDS for t in tokens):
        return None
    for token in tokens:
        letters = token.replace("-", "").replace("'", "")
        if not (token[0].isupper() and any(ch.islower() for ch in token[1:]) and letters.isalpha()):
            return None
    if gazetteers is not None and any(gazetteers.lookup(t) or gazetteers.lookup(name) for t in tokens):
        return None
    role = _SPEECH_END.sub("", role).strip().rstrip(":").strip()
    # The title comes first ("Head of …", "Italian National Member at …"), not somewhere in a sentence.
    if not _TITLE_WORDS.search(" ".join(role.split()[:TITLE_MAX_POSITION])):
        return None
    return name, role


def extract_people(segments: pd.DataFrame, gazetteers: Gazetteers | None = None) -> pd.DataFrame:
    """Return the named people of each document with their role as written and their quotes (people.csv).

    A quote is the run of blocks after an attribution ending in "stated:" up to the block that
    closes the quotation, or else the block just before the attribution when it speaks in the
    first person (the annual report's layout: quote, then name and title).
    """
    rows = []
    blocks = _text_blocks(segments)
    for meeting_id, group in blocks.groupby("meeting_id", sort=True):
        group = group.reset_index(drop=True)
        for i, block in group.iterrows():
            parsed = parse_attribution(block["text"], gazetteers)
            if parsed is None:
                continue
            person, role = parsed
            quotes = []
            if block["text"].rstrip().endswith(":"):
                for j in range(i + 1, min(i + 1 + QUOTE_MAX_BLOCKS, len(group))):
                    quotes.append(group.loc[j, "segment_id"])
                    if _CLOSING_QUOTE.search(group.loc[j, "text"]):
                        break
                else:
                    quotes = quotes[:1]
            elif i > 0 and parse_attribution(group.loc[i - 1, "text"], gazetteers) is None:
                previous = group.loc[i - 1, "text"]
                if _FIRST_PERSON.search(previous) or previous.lstrip().startswith(("'", "‘", "“", '"')):
                    quotes.append(group.loc[i - 1, "segment_id"])
            rows.append(
                {
                    "meeting_id": meeting_id,
                    "segment_id": block["segment_id"],
                    "person_id": slugify(person),
                    "person": person,
                    "role_as_written": role,
                    "quote_segment_ids": ";".join(quotes),
                }
            )
    table = pd.DataFrame(rows, columns=PEOPLE_COLUMNS)
    return table.sort_values(["meeting_id", "segment_id"], kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# Summaries


def summarise_roles(actors: pd.DataFrame) -> pd.DataFrame:
    """One row per meeting and actor: its role in the meeting (participant if any mention is) and mentions."""
    keys = ["meeting_id", "actor_type", "actor_id"]
    if actors.empty:
        return pd.DataFrame(columns=keys + ["role", "region", "org_type", "n_mentions", "first_segment_id"])
    grouped = actors.groupby(keys, sort=True)
    table = grouped.agg(
        n_mentions=("segment_id", "size"),
        first_segment_id=("segment_id", "min"),
        region=("region", "first"),
        org_type=("org_type", "first"),
        any_participant=("role", lambda r: (r == "participant").any()),
    ).reset_index()
    table["role"] = table.pop("any_participant").map({True: "participant", False: "subject"})
    return table[keys + ["role", "region", "org_type", "n_mentions", "first_segment_id"]]


def count_countries_by_region(actors: pd.DataFrame, meeting_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Distinct countries per meeting, role and region (a country counted once, as participant if it was one)."""
    roles = summarise_roles(actors)
    countries = roles[roles["actor_type"] == "country"]
    counts = countries.groupby(["meeting_id", "role", "region"]).size().rename("n_countries")
    meetings = list(meeting_ids) if meeting_ids is not None else sorted(actors["meeting_id"].unique())
    index = pd.MultiIndex.from_product([meetings, ROLES, REGIONS], names=["meeting_id", "role", "region"])
    return counts.reindex(index, fill_value=0).reset_index()


def share_non_eu(actors: pd.DataFrame, meeting_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Per meeting: countries named and how many were not EU Member States then, in all and among participants."""
    roles = summarise_roles(actors)
    countries = roles[roles["actor_type"] == "country"]
    meetings = list(meeting_ids) if meeting_ids is not None else sorted(actors["meeting_id"].unique())
    rows = []
    for meeting_id in meetings:
        here = countries[countries["meeting_id"] == meeting_id]
        part = here[here["role"] == "participant"]
        n_all, n_part = len(here), len(part)
        non_eu_all = int((here["region"] != "eu_member_state").sum())
        non_eu_part = int((part["region"] != "eu_member_state").sum())
        rows.append(
            {
                "meeting_id": meeting_id,
                "n_countries": n_all,
                "n_non_eu": non_eu_all,
                "non_eu_share_pct": round(100 * non_eu_all / n_all, 1) if n_all else math.nan,
                "n_participant_countries": n_part,
                "n_participant_non_eu": non_eu_part,
                "participant_non_eu_share_pct": round(100 * non_eu_part / n_part, 1) if n_part else math.nan,
            }
        )
    return pd.DataFrame(rows)


def organisation_matrix(actors: pd.DataFrame, gazetteers: Gazetteers, meeting_ids: Iterable[str]) -> pd.DataFrame:
    """Organisations x meetings: 'participant', 'subject' or '' per cell, with type and mentions.

    Rows are sorted by the first meeting an organisation appears in, then by mentions.
    """
    meetings = list(meeting_ids)
    roles = summarise_roles(actors)
    orgs = roles[roles["actor_type"] == "organisation"]
    if orgs.empty:
        return pd.DataFrame(columns=["org_id", "label", "org_type", "n_mentions", *meetings])
    wide = orgs.pivot(index="actor_id", columns="meeting_id", values="role").reindex(columns=meetings).fillna("")
    info = gazetteers.organisations.set_index("org_id")
    table = wide.reset_index().rename(columns={"actor_id": "org_id"})
    table.columns.name = None
    table.insert(1, "label", table["org_id"].map(info["label"]))
    table.insert(2, "org_type", table["org_id"].map(info["org_type"]))
    table.insert(3, "n_mentions", table["org_id"].map(orgs.groupby("actor_id")["n_mentions"].sum()).astype(int))
    order = {m: i for i, m in enumerate(meetings)}
    table["_first"] = [min(order[m] for m in meetings if row[m]) for _, row in table.iterrows()]
    table = table.sort_values(["_first", "n_mentions", "org_id"], ascending=[True, False, True], kind="stable")
    return table.drop(columns="_first").reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# Stated participation

_STATED_CUE = re.compile(
    r"\b(?:attend\w*|represented|participa\w*|took\s+part|brought\s+together|met)\b", re.IGNORECASE
)
_STATED_COUNT = re.compile(
    r"\b(?P<number>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|several|many|numerous|various)"
    r"\s+(?:(?:international|non-EU|EU|partner|third)\s+)?"
    r"(?P<noun>countries|States|Member\s+States|organisations|organizations|agencies|bodies)\b"
)


def _number(word: str) -> float:
    if word.isdigit():
        return float(word)
    try:
        from text_to_num import text2num

        return float(text2num(word.lower(), "en"))
    except ValueError:
        return math.nan  # "several", "many": stated, but not a number


def find_stated_participation(segments: pd.DataFrame) -> pd.DataFrame:
    """Counts of participating countries and organisations as the documents state them."""
    rows = []
    for block in _text_blocks(segments).itertuples(index=False):
        for s_start, s_end in _sentence_spans(block.text):
            sentence = block.text[s_start:s_end]
            if not _STATED_CUE.search(sentence):
                continue
            for match in _STATED_COUNT.finditer(sentence):
                noun = match.group("noun").lower()
                is_body = noun in ("organisations", "organizations", "agencies", "bodies")
                kind = "organisations" if is_body else "countries"
                rows.append(
                    {
                        "meeting_id": block.meeting_id,
                        "segment_id": block.segment_id,
                        "what": kind,
                        "stated_as": match.group(),
                        "stated_number": _number(match.group("number")),
                        "sentence": sentence,
                    }
                )
    return pd.DataFrame(rows, columns=["meeting_id", "segment_id", "what", "stated_as", "stated_number", "sentence"])


def compare_stated_participation(
    segments: pd.DataFrame,
    actors: pd.DataFrame,
    gazetteers: Gazetteers,
    organisers: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Per meeting: participation as stated, side by side with the participants the text names.

    Counted organisations are distinct bodies, a unit counted with the highest body above it
    that also took part (the EMSC with Europol when Europol is named too), without national
    authorities (their countries are counted) and without the organiser, which the documents do
    not count among the organisations represented.
    """
    stated = find_stated_participation(segments)
    roles = summarise_roles(actors)
    part = roles[roles["role"] == "participant"]
    info = gazetteers.organisations.set_index("org_id")
    parents = info["parent"].to_dict()
    rows = []
    for meeting_id in sorted(segments["meeting_id"].unique()):
        here = part[part["meeting_id"] == meeting_id]
        organiser = gazetteers.lookup((organisers or {}).get(meeting_id, "") or "")
        organiser_id = organiser.actor_id if organiser and organiser.actor_type == "organisation" else ""
        org_rows = here[(here["actor_type"] == "organisation") & (here["org_type"] != "national authority")]
        named = set(org_rows["actor_id"]) | ({organiser_id} if organiser_id else set())
        top_ids = sorted({_highest_named(o, parents, named) for o in org_rows["actor_id"]} - {organiser_id})
        countries = sorted(here.loc[here["actor_type"] == "country", "actor_id"])
        groups = sorted(here.loc[here["actor_type"] == "group", "actor_id"])
        mine = stated[stated["meeting_id"] == meeting_id]

        def _stated(kind: str, frame=mine) -> float:
            values = frame.loc[frame["what"] == kind, "stated_number"]
            return float(values.sum()) if len(values) and values.notna().all() else math.nan

        rows.append(
            {
                "meeting_id": meeting_id,
                "stated": "; ".join(mine["stated_as"]),
                "stated_countries": _stated("countries"),
                "stated_organisations": _stated("organisations"),
                "counted_countries": len(countries),
                "counted_organisations": len(top_ids),
                "counted_groups": len(groups),
                "countries_named": ", ".join(countries),
                "organisations_named": ", ".join(info.loc[t, "label"] for t in top_ids),
                "groups_named": ", ".join(groups),
                "segment_ids": ";".join(dict.fromkeys(mine["segment_id"])),
            }
        )
    return pd.DataFrame(rows)


def _highest_named(org_id: str, parents: Mapping[str, str], named: set[str]) -> str:
    """The highest body above org_id (or org_id itself) that is in ``named``."""
    best, current = org_id, org_id
    while parents.get(current):
        current = parents[current]
        if current in named:
            best = current
    return best


# ----------------------------------------------------------------------------------------------
# Validation


def load_actor_gold(path: str | Path) -> pd.DataFrame:
    """Load the gold list of actors per meeting (meeting_id, actor_type, actor_id, role)."""
    path = Path(path)
    rows = _read_csv(path, GOLD_COLUMNS, "Create it with the columns " + ",".join(GOLD_COLUMNS) + ".")
    for line, row in rows:
        _require(path, line, row, GOLD_COLUMNS)
        if row["actor_type"] not in ACTOR_TYPES:
            raise InputError(
                f"{path}, line {line}: unknown actor_type '{row['actor_type']}'. Use one of: {', '.join(ACTOR_TYPES)}."
            )
        if row["role"] not in ROLES:
            raise InputError(f"{path}, line {line}: unknown role '{row['role']}'. Use one of: {', '.join(ROLES)}.")
    keys = [(r["meeting_id"], r["actor_type"], r["actor_id"]) for _, r in rows]
    if len(set(keys)) != len(keys):
        dup = sorted({k for k in keys if keys.count(k) > 1})[0]
        raise InputError(f"{path}: actor {dup} listed twice. Keep one row per meeting and actor.")
    return pd.DataFrame([r for _, r in rows], columns=GOLD_COLUMNS)


def score_actors(actors: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall of distinct actors per meeting, by actor type, for detection and for role.

    ``detection`` compares (meeting, actor) pairs; ``role`` also requires the meeting-level role.
    """
    found = summarise_roles(actors)
    rows = []
    for level, cols in (
        ("detection", ["meeting_id", "actor_type", "actor_id"]),
        ("role", ["meeting_id", "actor_type", "actor_id", "role"]),
    ):
        for actor_type in (*ACTOR_TYPES, "all"):

            def _keys(frame: pd.DataFrame) -> set[tuple]:
                if actor_type != "all":
                    frame = frame[frame["actor_type"] == actor_type]
                return set(frame[cols].itertuples(index=False, name=None))

            extracted, expected = _keys(found), _keys(gold)
            hits = len(extracted & expected)
            rows.append(
                {
                    "level": level,
                    "actor_type": actor_type,
                    "n_gold": len(expected),
                    "n_extracted": len(extracted),
                    "n_correct": hits,
                    "precision": round(hits / len(extracted), 4) if extracted else math.nan,
                    "recall": round(hits / len(expected), 4) if expected else math.nan,
                }
            )
    return pd.DataFrame(rows)


def list_actor_errors(actors: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """The disagreements behind the scores: missed, spurious and wrong-role actors."""
    found = summarise_roles(actors)[["meeting_id", "actor_type", "actor_id", "role"]]
    merged = found.merge(
        gold, on=["meeting_id", "actor_type", "actor_id"], how="outer", suffixes=("_extracted", "_gold"), indicator=True
    )
    kinds = {"left_only": "not in gold", "right_only": "missed", "both": ""}
    merged["error"] = merged["_merge"].astype(str).map(kinds)
    wrong_role = (merged["_merge"] == "both") & (merged["role_extracted"] != merged["role_gold"])
    merged.loc[wrong_role, "error"] = "wrong role"
    errors = merged[merged["error"] != ""].drop(columns="_merge").fillna("")
    return errors.sort_values(["meeting_id", "actor_type", "actor_id"]).reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# Co-mention network


def actor_labels(gazetteers: Gazetteers, actors: pd.DataFrame | None = None) -> dict[tuple[str, str], str]:
    """Short display names keyed by (actor_type, actor_id)."""
    labels = {("organisation", r.org_id): r.label for r in gazetteers.organisations.itertuples()}
    labels.update({(r.actor_type, r.actor_id): r.name for r in gazetteers.countries.itertuples()})
    if actors is not None:
        people = actors[actors["actor_type"] == "person"]
        labels.update({("person", r.actor_id): r.name_as_written for r in people.itertuples()})
    return labels


def label_node(node: str, labels: Mapping[tuple[str, str], str]) -> str:
    """Display name of a network node "actor_type:actor_id"."""
    kind, _, actor_id = node.partition(":")
    return labels.get((kind, actor_id), actor_id)


def count_comentions(actors: pd.DataFrame) -> pd.DataFrame:
    """Pairs of actors named in the same segment: weight = segments, n_meetings = meetings they share a segment in.

    A national authority and its state share a span; the pair is kept, as a strong tie.
    """
    nodes = actors.assign(node=actors["actor_type"] + ":" + actors["actor_id"])
    counts: dict[tuple[str, str], list] = {}
    for (meeting_id, _), group in nodes.groupby(["meeting_id", "segment_id"], sort=True):
        for a, b in combinations(sorted(set(group["node"])), 2):
            entry = counts.setdefault((a, b), [0, set()])
            entry[0] += 1
            entry[1].add(meeting_id)
    rows = [{"source": a, "target": b, "weight": w, "n_meetings": len(m)} for (a, b), (w, m) in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["source", "target", "weight", "n_meetings"])


def select_network_nodes(edges: pd.DataFrame, top_n: int) -> list[str]:
    """The top_n nodes by weighted degree (ties by name), so the drawing stays readable in print."""
    degree = pd.concat(
        [
            edges[["source", "weight"]].rename(columns={"source": "node"}),
            edges[["target", "weight"]].rename(columns={"target": "node"}),
        ]
    )
    ranked = degree.groupby("node")["weight"].sum().reset_index()
    ranked = ranked.sort_values(["weight", "node"], ascending=[False, True])
    return list(ranked["node"].head(top_n))


_TYPE_ORDER = {"organisation": 0, "group": 1, "country": 2, "person": 3}


def plot_actor_network(edges: pd.DataFrame, labels: Mapping[tuple[str, str], str], top_n: int = 20):
    """Draw the co-mention network of the top_n actors on a circle, grouped by kind of actor.

    Edge width grows with the number of shared segments; node size with weighted degree.
    """
    import textwrap

    import matplotlib.pyplot as plt
    import numpy as np

    from msmeetings.outputs import PALETTE

    keep = select_network_nodes(edges, top_n)
    sub = edges[edges["source"].isin(keep) & edges["target"].isin(keep)]
    degree = {n: float(sub.loc[(sub["source"] == n) | (sub["target"] == n), "weight"].sum()) for n in keep}
    nodes = sorted(keep, key=lambda n: (_TYPE_ORDER.get(n.split(":", 1)[0], 9), -degree[n], n))
    angle = {n: np.pi / 2 - 2 * np.pi * i / max(1, len(nodes)) for i, n in enumerate(nodes)}
    pos = {n: (np.cos(a), np.sin(a)) for n, a in angle.items()}
    colour = {t: PALETTE[i] for t, i in _TYPE_ORDER.items()}

    fig, ax = plt.subplots(figsize=(8, 8))
    top_weight = max(1.0, float(sub["weight"].max()) if len(sub) else 1.0)
    for r in sub.sort_values(["weight", "source", "target"]).itertuples(index=False):
        (x1, y1), (x2, y2) = pos[r.source], pos[r.target]
        ax.plot(
            [x1, x2],
            [y1, y2],
            color="#555555",
            alpha=0.15 + 0.6 * r.weight / top_weight,
            linewidth=0.5 + 4.5 * r.weight / top_weight,
            zorder=1,
        )
    top_degree = max([1.0, *degree.values()])
    for n in nodes:
        kind, actor_id = n.split(":", 1)
        x, y = pos[n]
        ax.scatter(
            [x],
            [y],
            s=80 + 700 * degree[n] / top_degree,
            color=colour.get(kind, "#999999"),
            edgecolor="black",
            linewidth=0.6,
            zorder=3,
        )
        # Horizontal labels read best in print; they sit outside the circle, away from the centre.
        cos, sin = np.cos(angle[n]), np.sin(angle[n])
        ha = "center" if abs(cos) < 0.2 else ("left" if cos > 0 else "right")
        va = "bottom" if sin > 0.5 else ("top" if sin < -0.5 else "center")
        label = textwrap.fill(label_node(n, labels), width=22)
        ax.text(1.14 * cos, 1.14 * sin, label, ha=ha, va=va, fontsize=9)
    for kind in sorted({n.split(":", 1)[0] for n in nodes}, key=lambda k: _TYPE_ORDER.get(k, 9)):
        ax.scatter([], [], s=80, color=colour.get(kind, "#999999"), edgecolor="black", linewidth=0.6, label=kind)
    ax.legend(title="Kind of actor", loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, frameon=False, fontsize=9)
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"Actors named in the same paragraph (top {len(nodes)} by ties)", pad=12)
    return fig


def plot_countries_by_region(counts: pd.DataFrame, meeting_ids: list[str]):
    """Two panels of stacked bars: distinct countries per meeting by region, participants and subjects."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    from msmeetings.outputs import PALETTE

    # Side by side while the labels fit; with many meetings the panels stack and widen instead.
    many = len(meeting_ids) > 8
    if many:
        fig, axes = plt.subplots(2, 1, figsize=(max(10, 0.4 * len(meeting_ids) + 2), 8.5), sharex=True, sharey=True)
    else:
        fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True)
    x = np.arange(len(meeting_ids))
    for ax, role in zip(axes, ROLES):
        bottom = np.zeros(len(meeting_ids))
        for i, region in enumerate(REGIONS):
            here = counts[(counts["role"] == role) & (counts["region"] == region)]
            values = np.array(
                [here.loc[here["meeting_id"] == m, "n_countries"].sum() for m in meeting_ids], dtype=float
            )
            ax.bar(
                x,
                values,
                bottom=bottom,
                color=PALETTE[i],
                edgecolor="white",
                linewidth=0.5,
                label=REGION_LABELS[region],
            )
            bottom += values
        for xi, total in zip(x, bottom):
            ax.annotate(
                f"{int(total)}", (xi, total), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=8
            )
        ax.set_xticks(x, meeting_ids, rotation=45 if many else 30, ha="right", fontsize=8)
        ax.set_title("Taking part" if role == "participant" else "Only talked about")
        if not (many and ax is axes[0]):
            ax.set_xlabel("Meeting")
        ax.set_ylabel("Distinct countries named")
    axes[0].yaxis.set_major_locator(MaxNLocator(integer=True))
    axes[1].legend(
        title="Region at the time",
        fontsize=8,
        title_fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
    )
    fig.suptitle("Countries each document names, by region")
    return fig


def select_timeline_organisations(matrix: pd.DataFrame, meeting_ids: list[str], top_n: int) -> pd.DataFrame:
    """The top_n rows of an organisation matrix: most meetings first, then took part, then mentions.

    The selected rows keep the matrix's order (first appearance), so the chart reads in time.
    """
    present = matrix[meeting_ids].ne("").sum(axis=1)
    took_part = matrix[meeting_ids].eq("participant").any(axis=1)
    ranked = matrix.assign(_present=present, _took_part=took_part).sort_values(
        ["_present", "_took_part", "n_mentions", "org_id"], ascending=[False, False, False, True], kind="stable"
    )
    keep = set(ranked["org_id"].head(top_n))
    return matrix[matrix["org_id"].isin(keep)].reset_index(drop=True)


def plot_organisation_timeline(matrix: pd.DataFrame, meeting_ids: list[str]):
    """Dot chart of organisations x meetings: filled = took part, hollow = only talked about."""
    import textwrap

    import matplotlib.pyplot as plt

    from msmeetings.outputs import PALETTE

    height = max(3.0, 0.3 * len(matrix) + 1.6)
    fig, ax = plt.subplots(figsize=(max(8, 0.35 * len(meeting_ids) + 5), height))
    types = [t for t in ORG_TYPES if t in set(matrix["org_type"])]
    colour = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(types)}
    for y, row in enumerate(matrix.to_dict("records")):
        for x, meeting_id in enumerate(meeting_ids):
            role = row[meeting_id]
            if not role:
                continue
            filled = role == "participant"
            ax.scatter(
                [x],
                [y],
                s=70,
                marker="o",
                color=colour[row["org_type"]] if filled else "white",
                edgecolor=colour[row["org_type"]],
                linewidth=1.5,
                zorder=3,
            )
    labels = [textwrap.shorten(label, width=40, placeholder="…") for label in matrix["label"]]
    ax.set_yticks(range(len(matrix)), labels, fontsize=8)
    ax.set_xticks(
        range(len(meeting_ids)), meeting_ids, rotation=45 if len(meeting_ids) > 8 else 30, ha="right", fontsize=8
    )
    ax.set_ylim(len(matrix) - 0.5, -0.5)
    ax.set_xlim(-0.5, len(meeting_ids) - 0.5)
    ax.grid(color="#eeeeee", zorder=0)
    ax.set_xlabel("Meeting")
    ax.set_ylabel("Organisation")
    for t in types:
        ax.scatter([], [], s=70, color=colour[t], edgecolor=colour[t], label=t)
    ax.scatter([], [], s=70, color="white", edgecolor="black", linewidth=1.5, label="hollow: only talked about")
    ax.legend(
        title="Kind of body (filled: took part)",
        fontsize=8,
        title_fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
    )
    ax.set_title("Which organisations appear in which meeting")
    return fig
