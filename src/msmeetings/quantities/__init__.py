"""Key figures: every number a meeting document states, normalised, categorised and cited.

The extractor is a small rule layer of our own. General-purpose libraries were rejected for
reasons reported in their trackers: quantulum3 reads "EUR 121 650" as a bare number and drops
"fewer than", spaCy's small model tags "EUR 4.3 million" as an organisation, and word-to-number
converters turn "4.3 million" into "4.3 1000000". Here digits are parsed by our own rules and
only runs of number words ("nine", "twenty-one") go to ``text2num``.

One text is scanned in two passes:

1. Things that look like numbers but are not quantities are masked and recorded as *skips*
   with a reason: web and e-mail addresses, ISBN, DOI and catalogue numbers, telephone
   numbers, street addresses, dates, year ranges, article/resolution/directive/document/
   section/page/issue references, document numbers with slashes ("15250/18") and their
   revisions ("REV 1"), Commission codes ("COM(2020) 609"), ordinals in digits ("3rd
   countries"), codes mixing letters and digits ("EU4FAST") and names made of numbers ("5+5"),
   the number of a named operation ("Operation Triton 2"), list and section numbers ("Day 2"),
   times of day, years (also of other calendars: "the Iranian year 1395"), postcodes. Numbers
   of more than 15 digits, a currency with no number, and any digit no rule explains are
   recorded too: no digit is silently lost.
2. In what is left, a quantity is a number (digits in any common grouping, or number words)
   with what surrounds it: a qualifier before it ("more than", "nearly", "up to"), a currency
   before or after it ("EUR 121 650", "121 650 euros"), a multiplier ("million"), a percent
   sign, a unit of time ("months"), a second number making a range ("12 to 18 months").
   Ordinals count only where they place the meeting in its series or a project in its phases
   ("the seventh in a series", "The 18th CrimEx meeting was held", "met for the twelfth time",
   "sixth phase"; "first" only for a meeting: "the first seminar on air routes"; see ``series``).
   "Five or six countries" is a range; "12 or more" is at least 12; "from a fine to eight
   years" is up to eight; a number word standing for things already named ("the two now hold
   a joint meeting") and a fraction ("two thirds") count nothing.

Scope of "every number stated" (the gold list follows the same rule): cardinal numbers that
count or measure something, from "two" upwards, digits from 0. The word "one" alone is left
out: in these texts it is nearly always a pronoun or a determiner ("one of the main transit
States"), and the indefinite article is never read as a number.

Each quantity then gets what it counts (``counted``: the noun phrase after it, a passive
participle after that, or a nominalisation before it: "the identification of 12 000 migrant
smugglers" -> "migrant smugglers identified"), a category from a small table, the actor who
reported or achieved it and the period it covers when the text says so.

Offsets: ``extract_quantities`` gives offsets in the text it was given. For the corpus, the
sentence's clean text is mapped to the raw document character by character with the
segmenter's own cleaning (which records the raw offset of every clean character); where that
mapping does not reproduce the sentence (a sentence joined across a page break), the value's
text is looked up in the raw span of the sentence, and as a last resort the sentence's own
span is given.

The package, one job per module: ``rules`` (patterns and word lists), ``numbers`` (pass 1 and
pass 2), ``meaning`` (what is counted, category, actor, period), ``extract`` (one text, the
corpus, the table check), ``score`` (against the gold list), ``compare`` (comparability),
``display`` (tables for the chapter), ``charts``, ``prose``.
"""

from msmeetings.quantities.charts import (
    body_colour,
    category_matrix_finding,
    enforcement_finding,
    plot_category_matrix,
    plot_figures_over_time,
)
from msmeetings.quantities.compare import (
    COMPARABILITY_COLUMNS,
    assess_comparability,
    classify_measure,
)
from msmeetings.quantities.display import (
    KEY_FIGURE_COLUMNS,
    build_key_figures_table,
    count_categories_by_meeting,
    format_quantity,
    select_chart_figures,
)
from msmeetings.quantities.extract import (
    check_quantities,
    extract_quantities,
    scan_corpus_quantities,
    scan_quantities,
)
from msmeetings.quantities.meaning import (
    categorise_quantity,
    classify_reporting_body,
    find_actor,
    find_reference_period,
    is_key_figure,
    is_operational_result,
)
from msmeetings.quantities.prose import (
    describe_category_matrix,
    describe_chart_cap,
    describe_comparability,
    describe_figure_counts,
    describe_validation,
)
from msmeetings.quantities.rules import (
    CATEGORIES,
    CURRENCY_UNITS,
    GOLD_COLUMNS,
    MAX_DIGITS,
    NATIONAL_SUFFIX,
    QUALIFIERS,
    REPORTING_BODIES,
    SEGMENT_INPUT_COLUMNS,
    TIME_UNITS,
)
from msmeetings.quantities.score import (
    list_quantity_mismatches,
    load_quantity_gold,
    meetings_without_gold,
    score_quantities,
)
from msmeetings.quantities.series import find_series_ordinals

__all__ = [
    "CATEGORIES",
    "COMPARABILITY_COLUMNS",
    "CURRENCY_UNITS",
    "GOLD_COLUMNS",
    "KEY_FIGURE_COLUMNS",
    "MAX_DIGITS",
    "NATIONAL_SUFFIX",
    "QUALIFIERS",
    "REPORTING_BODIES",
    "SEGMENT_INPUT_COLUMNS",
    "TIME_UNITS",
    "assess_comparability",
    "build_key_figures_table",
    "categorise_quantity",
    "check_quantities",
    "classify_measure",
    "classify_reporting_body",
    "count_categories_by_meeting",
    "describe_category_matrix",
    "describe_chart_cap",
    "describe_comparability",
    "describe_figure_counts",
    "describe_validation",
    "extract_quantities",
    "find_actor",
    "find_reference_period",
    "find_series_ordinals",
    "format_quantity",
    "is_key_figure",
    "is_operational_result",
    "list_quantity_mismatches",
    "load_quantity_gold",
    "meetings_without_gold",
    "plot_category_matrix",
    "plot_figures_over_time",
    "body_colour",
    "category_matrix_finding",
    "enforcement_finding",
    "scan_corpus_quantities",
    "scan_quantities",
    "score_quantities",
    "select_chart_figures",
]
