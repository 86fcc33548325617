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

The package, one job per module: ``gazetteers`` (alias tables), ``rules`` (took part or talked
about), ``extract`` (mentions), ``people`` (named people and quotes), ``summary`` (meeting-level
tables), ``score`` (validation), ``charts``.
"""

from msmeetings.actors.charts import (
    actor_labels,
    comention_finding,
    count_comentions,
    countries_finding,
    label_node,
    organisations_finding,
    plot_actor_network,
    plot_countries_by_region,
    plot_organisation_timeline,
    select_network_nodes,
    select_timeline_organisations,
)
from msmeetings.actors.extract import check_actors, extract_actors
from msmeetings.actors.gazetteers import (
    ACTOR_TYPES,
    COUNTRY_COLUMNS,
    GOLD_COLUMNS,
    ISO3_CODES,
    MENTION_KINDS,
    NON_ACTOR_PHRASES,
    ORG_TYPES,
    ORGANISATION_COLUMNS,
    REGION_LABELS,
    REGIONS,
    ROLES,
    SCOPES,
    TOOK_PART_ROLES,
    Actor,
    Gazetteers,
    load_gazetteers,
    normalise_alias,
    slugify,
)
from msmeetings.actors.mentions import Mention, define_organisations, find_mentions, is_language, mention_kind
from msmeetings.actors.people import Speaker, extract_people, find_speakers, parse_attribution
from msmeetings.actors.prose import (
    describe_countries_chart,
    describe_gazetteers,
    describe_network,
    describe_non_eu_shares,
    describe_organisation_chart,
    describe_organisations,
    describe_people,
    describe_person,
    describe_stated_participation,
    describe_validation,
    label_network_pairs,
)
from msmeetings.actors.rules import classify_role, funder_spans, observer_spans, participant_spans
from msmeetings.actors.score import list_actor_errors, load_actor_gold, score_actors, scored_meetings
from msmeetings.actors.summary import (
    compare_stated_participation,
    count_countries_by_region,
    find_stated_participation,
    organisation_matrix,
    share_non_eu,
    summarise_roles,
)

__all__ = [
    "scored_meetings",
    "label_network_pairs",
    "describe_validation",
    "describe_stated_participation",
    "describe_person",
    "describe_people",
    "describe_organisations",
    "describe_organisation_chart",
    "describe_non_eu_shares",
    "describe_network",
    "describe_gazetteers",
    "describe_countries_chart",
    "observer_spans",
    "mention_kind",
    "is_language",
    "funder_spans",
    "find_speakers",
    "define_organisations",
    "Speaker",
    "TOOK_PART_ROLES",
    "MENTION_KINDS",
    "ACTOR_TYPES",
    "COUNTRY_COLUMNS",
    "GOLD_COLUMNS",
    "ISO3_CODES",
    "NON_ACTOR_PHRASES",
    "ORGANISATION_COLUMNS",
    "ORG_TYPES",
    "REGIONS",
    "REGION_LABELS",
    "ROLES",
    "SCOPES",
    "Actor",
    "Gazetteers",
    "Mention",
    "actor_labels",
    "check_actors",
    "classify_role",
    "compare_stated_participation",
    "count_comentions",
    "count_countries_by_region",
    "extract_actors",
    "extract_people",
    "find_mentions",
    "find_stated_participation",
    "label_node",
    "list_actor_errors",
    "load_actor_gold",
    "load_gazetteers",
    "normalise_alias",
    "organisation_matrix",
    "parse_attribution",
    "participant_spans",
    "plot_actor_network",
    "organisations_finding",
    "countries_finding",
    "comention_finding",
    "plot_countries_by_region",
    "plot_organisation_timeline",
    "score_actors",
    "select_network_nodes",
    "select_timeline_organisations",
    "share_non_eu",
    "slugify",
    "summarise_roles",
]
