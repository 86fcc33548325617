"""Which figures a reader may compare, and whether they count the same thing."""

from __future__ import annotations

import re

import pandas as pd

from msmeetings.quantities.rules import (
    CURRENCY_UNITS,
)

# --- comparability ------------------------------------------------------------------------

_MEASURES: list[tuple[str, re.Pattern]] = [
    ("money confiscated or seized", re.compile(r"confiscat|seiz|frozen", re.IGNORECASE)),
    ("illegal profits", re.compile(r"profit|earning|proceeds", re.IGNORECASE)),
    (
        "joint investigation teams",
        re.compile(r"joint investigation teams?|\bJITs?\b(?! (?:duration|period|anticipated))", re.IGNORECASE),
    ),
    ("JIT duration", re.compile(r"\bJIT\b.*(?:duration|period)", re.IGNORECASE)),
    ("identifications of smugglers", re.compile(r"identified", re.IGNORECASE)),
    ("apprehensions", re.compile(r"apprehen", re.IGNORECASE)),
    ("arrests", re.compile(r"arrest", re.IGNORECASE)),
    ("convictions", re.compile(r"convict", re.IGNORECASE)),
    ("prosecutions and plea agreements", re.compile(r"prosecuted|plea agreement", re.IGNORECASE)),
    ("searches", re.compile(r"searched", re.IGNORECASE)),
    ("migrants safeguarded", re.compile(r"safeguard|rescued|protected", re.IGNORECASE)),
    ("migrants smuggled", re.compile(r"migrants? smuggled", re.IGNORECASE)),
    ("travel documents", re.compile(r"document", re.IGNORECASE)),
    ("investigations", re.compile(r"investigation", re.IGNORECASE)),
    ("cases", re.compile(r"\bcases?\b", re.IGNORECASE)),
    ("criminal networks and groups", re.compile(r"networks?|\bOCGs?\b|subgroups?|criminal groups?", re.IGNORECASE)),
    ("countries and Member States", re.compile(r"countries|\bstates\b", re.IGNORECASE)),
    ("organisations", re.compile(r"organisations|organizations", re.IGNORECASE)),
    ("members", re.compile(r"\bmembers?\b", re.IGNORECASE)),
    ("missions", re.compile(r"missions?", re.IGNORECASE)),
    ("place in a series of meetings", re.compile(r"series", re.IGNORECASE)),
]
# Measures named after one kind of event: "arrests" and "suspects arrested" define the same thing.
_EVENT_MEASURES = frozenset(
    {
        "identifications of smugglers",
        "apprehensions",
        "arrests",
        "convictions",
        "searches",
        "migrants safeguarded",
        "migrants smuggled",
        "money confiscated or seized",
    }
)
COMPARABILITY_COLUMNS = [
    "comparison",
    "basis",
    "category",
    "n_figures",
    "meetings",
    "actors",
    "periods",
    "units",
    "verdict",
    "reason",
    "quantity_ids",
]


def classify_measure(counted: str, unit: str) -> str:
    """Return what a figure measures, coarsely ("arrests", "investigations"), from counted and unit."""
    if unit == "ordinal":
        return "place in a series of meetings" if "series" in counted else counted
    for measure, pattern in _MEASURES:
        if measure == "place in a series of meetings":
            continue
        if measure in ("money confiscated or seized", "illegal profits") and unit not in CURRENCY_UNITS:
            continue
        if pattern.search(counted):
            return f"share of {measure}" if unit == "percent" else measure
    return counted or "unstated"


def _join(values) -> str:
    return "; ".join(sorted({str(v) if v else "not stated" for v in values}))


def assess_comparability(quantities: pd.DataFrame) -> pd.DataFrame:
    """Group the figures a reader may be tempted to compare, and say whether they count the same thing.

    Groups are formed from the columns alone:

    - *same measure*: figures whose ``counted`` reduces to the same measure ("arrests",
      "investigations") and that come from more than one meeting or more than one reporting
      body (figures of one body in one meeting are parts of one statement, not a comparison).
      They count the same thing when unit, reporting body and definition (``counted``) agree
      and every period is stated (a time series); otherwise they only look alike, and the
      reason names what differs.
    - *same category, different measures*: enforcement figures that count different events
      (arrests, identifications, apprehensions, convictions); they only look alike.

    Args:
        quantities: The quantities table.

    Returns:
        Columns ``COMPARABILITY_COLUMNS``, one row per group.
    """
    if quantities.empty:
        return pd.DataFrame(columns=COMPARABILITY_COLUMNS)
    q = quantities.copy()
    q["measure"] = [classify_measure(c, u) for c, u in zip(q["counted"], q["unit"])]
    rows = []
    for measure, group in q.groupby("measure", sort=True):
        named_actors = set(group["actor"]) - {""}
        if measure == "unstated" or (group["meeting_id"].nunique() < 2 and len(named_actors) < 2):
            continue
        units, actors, definitions = set(group["unit"]), set(group["actor"]), set(group["counted"])
        periods = list(group["reference_period"])
        reasons = []
        if len(units) > 1:
            reasons.append(f"different units ({_join(units)})")
        if "" in actors:
            reasons.append("the reporting body is not stated for every figure")
        elif len(actors) > 1:
            reasons.append(f"different reporting bodies ({_join(actors)})")
        if len(definitions) > 1 and measure not in _EVENT_MEASURES:
            reasons.append(f"different definitions ({_join(definitions)})")
        if any(not p for p in periods):
            reasons.append("the period is not stated for every figure")
        elif len(set(periods)) > 1:
            reasons.append(f"different periods ({_join(periods)})")
        same = (
            len(units) == 1
            and len(actors) == 1
            and "" not in actors
            and (len(definitions) == 1 or measure in _EVENT_MEASURES)
            and all(periods)
        )
        rows.append(
            {
                "comparison": measure,
                "basis": "same measure",
                "category": _join(group["category"]),
                "n_figures": len(group),
                "meetings": _join(group["meeting_id"]),
                "actors": _join(actors),
                "periods": _join(periods),
                "units": _join(units),
                "verdict": "same thing" if same else "only look alike",
                "reason": ("same unit, reporting body and definition; periods stated" if same else "; ".join(reasons)),
                "quantity_ids": "; ".join(sorted(group["quantity_id"])),
            }
        )
    enforcement = q[(q["category"] == "enforcement") & (q["unit"] == "count")]
    measures = sorted(set(enforcement["measure"]))
    if len(measures) > 1:
        rows.append(
            {
                "comparison": "enforcement outcomes",
                "basis": "same category, different measures",
                "category": "enforcement",
                "n_figures": len(enforcement),
                "meetings": _join(enforcement["meeting_id"]),
                "actors": _join(enforcement["actor"]),
                "periods": _join(enforcement["reference_period"]),
                "units": "count",
                "verdict": "only look alike",
                "reason": f"different definitions: {', '.join(measures)} count different events",
                "quantity_ids": "; ".join(sorted(enforcement["quantity_id"])),
            }
        )
    table = pd.DataFrame(rows, columns=COMPARABILITY_COLUMNS)
    return table.sort_values(["basis", "verdict", "comparison"], kind="stable").reset_index(drop=True)
