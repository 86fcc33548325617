"""How far two readers who judged the same follow-through pairs independently agree.

A round judged by two readers keeps, beside the settled verdict (`judged_verdict`), the two
independent verdicts in `independent_verdicts` as "first|second"; a third reader settled the pairs
on which they differed. Earlier rounds, judged by one reader, leave the column blank.
"""

from __future__ import annotations

import pandas as pd

from msmeetings.recommendations.rules import VERDICTS

COLUMN = "independent_verdicts"


def independent_pairs(judgements: pd.DataFrame, round: int | None = None) -> pd.DataFrame:
    """The pairs judged by two readers (of one round, or all): columns first and second.

    Raises:
        ValueError: a value that is not two known verdicts joined by "|".
    """
    if COLUMN not in judgements.columns:
        return pd.DataFrame(columns=["first", "second"])
    frame = judgements
    if round is not None:
        frame = frame[pd.to_numeric(frame["round"]) == round]
    values = frame[COLUMN].fillna("").astype(str)
    values = values[values.str.strip() != ""]
    parts = values.str.split("|", expand=False)
    bad = [v for v, p in zip(values, parts) if len(p) != 2 or not set(p) <= set(VERDICTS)]
    if bad:
        raise ValueError(
            f"{COLUMN}: {bad[0]!r} is not two verdicts joined by '|' (each one of {', '.join(VERDICTS)})."
        )
    return pd.DataFrame({"first": [p[0] for p in parts], "second": [p[1] for p in parts]}, index=values.index)


def cohen_kappa(first: pd.Series, second: pd.Series) -> float | None:
    """Cohen's kappa of two readers' labels: agreement beyond what their label shares give by chance.

    None when chance agreement is complete (both gave one and the same label throughout).
    """
    if len(first) == 0:
        return None
    observed = float((first.to_numpy() == second.to_numpy()).mean())
    labels = sorted(set(first) | set(second))
    share_first = first.value_counts(normalize=True)
    share_second = second.value_counts(normalize=True)
    expected = sum(float(share_first.get(label, 0.0)) * float(share_second.get(label, 0.0)) for label in labels)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def agreement(judgements: pd.DataFrame, round: int | None = None) -> dict | None:
    """n, agreed (count), share and Cohen's kappa of the pairs two readers judged; None if there are none."""
    pairs = independent_pairs(judgements, round)
    if pairs.empty:
        return None
    agreed = int((pairs["first"] == pairs["second"]).sum())
    kappa = cohen_kappa(pairs["first"], pairs["second"])
    return {
        "n": len(pairs),
        "agreed": agreed,
        "share": two_decimals(agreed / len(pairs)),
        "kappa": None if kappa is None else two_decimals(kappa),
    }


def two_decimals(value: float) -> float:
    """Two decimals, the precision the report prints."""
    return float(f"{value:.2f}")


def describe_agreement(judgements: pd.DataFrame, round: int | None = None) -> str:
    """One sentence for the methods: how often two independent readers agreed, or '' if none did."""
    result = agreement(judgements, round)
    if result is None:
        return ""
    kappa = "" if result["kappa"] is None else f", Cohen's kappa {result['kappa']:.2f}"
    return (
        f"Two of them, judging independently, gave the same verdict for {result['agreed']} of "
        f"{result['n']} ({result['share']:.2f}{kappa}); a third reader settled the {result['n'] - result['agreed']} "
        "on which they differed, and the settled verdict is the one scored."
    )
