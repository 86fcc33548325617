"""Themes: the codebook, coding passages with it, and the comparisons built on the codes.

The codebook (`data/codebook.yml`) holds, per theme, regular expressions that are matched
case-insensitively and as whole words. All patterns of a theme are combined into one expression,
compiled once. Coding joins all passages into one string, finds the literal "anchors" every match
must contain in one pass, and runs each theme's expression only over the passages holding its
anchors (see pattern_anchors): linear in corpus size, about 1,000 documents of 5,000 words in a
few seconds, and always the same result as scanning everything.

Modules: `codebook` (loading and checking), `anchors` (the prefilter), `coding` (passages to
codes), `compare` (matrix, emergence, co-occurrence), `terms` (distinctive terms), `score`
(hand judgements), `quotes`, `charts` and `prose` (the chapter's quotations, figures and text).
"""

from msmeetings.segment import TEXT_KINDS
from msmeetings.themes.anchors import pattern_anchors
from msmeetings.themes.charts import (
    cooccurrence_finding,
    meeting_tick_labels,
    pivot_theme_matrix,
    plot_theme_cooccurrence,
    plot_theme_heatmap,
    theme_heatmap_finding,
)
from msmeetings.themes.codebook import Theme, codebook_frame, load_codebook
from msmeetings.themes.coding import UNITS, code_segments, count_units, select_units
from msmeetings.themes.compare import (
    build_theme_matrix,
    cooccurrence_matrix,
    count_theme_cooccurrence,
    summarise_theme_emergence,
)
from msmeetings.themes.prose import (
    describe_cooccurrence,
    describe_theme_coverage,
    describe_theme_emergence,
    describe_validation,
    describe_validation_coverage,
    distinctive_terms_table,
)
from msmeetings.themes.quotes import format_theme_quotes, pick_body_quotes, select_theme_quotes, theme_quotes_table
from msmeetings.themes.score import (
    list_coding_errors,
    load_judgements,
    score_theme_coding,
    select_judgements,
)
from msmeetings.themes.terms import (
    DOMAIN_STOP_WORDS,
    compute_distinctive_terms,
    count_terms,
    find_uncoded_terms,
    tokenize,
)

__all__ = [
    "DOMAIN_STOP_WORDS",
    "TEXT_KINDS",
    "UNITS",
    "Theme",
    "build_theme_matrix",
    "code_segments",
    "codebook_frame",
    "compute_distinctive_terms",
    "cooccurrence_matrix",
    "count_terms",
    "count_theme_cooccurrence",
    "count_units",
    "describe_cooccurrence",
    "describe_theme_coverage",
    "describe_theme_emergence",
    "describe_validation",
    "describe_validation_coverage",
    "distinctive_terms_table",
    "find_uncoded_terms",
    "format_theme_quotes",
    "list_coding_errors",
    "load_codebook",
    "load_judgements",
    "meeting_tick_labels",
    "pattern_anchors",
    "pick_body_quotes",
    "pivot_theme_matrix",
    "plot_theme_cooccurrence",
    "plot_theme_heatmap",
    "cooccurrence_finding",
    "theme_heatmap_finding",
    "score_theme_coding",
    "select_judgements",
    "select_theme_quotes",
    "select_units",
    "summarise_theme_emergence",
    "theme_quotes_table",
    "tokenize",
]
