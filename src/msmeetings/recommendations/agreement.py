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


def combine_readings(
    drawn: pd.DataFrame, first: pd.DataFrame, second: pd.DataFrame, settled: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two readers' verdicts on a drawn round (all keyed by pair_no), settled where they differ.

    Returns (judged, disputed): judged has the drawn columns with judged_verdict and note filled and
    independent_verdicts "first|second" (empty while a disputed pair is unsettled); disputed lists the
    pairs the readers differ on with both verdicts and notes, for a third reader.
    """
    merged = drawn.drop(columns=["judged_verdict", "note"], errors="ignore").merge(
        first[["pair_no", "judged_verdict", "note"]], on="pair_no"
    )
    merged = merged.merge(second[["pair_no", "judged_verdict", "note"]], on="pair_no", suffixes=("", "_second"))
    differ = merged["judged_verdict"] != merged["judged_verdict_second"]
    disputed = merged.loc[differ, ["pair_no", "judged_verdict", "note", "judged_verdict_second", "note_second"]]
    if differ.any():
        if settled is None or set(disputed["pair_no"]) - set(settled["pair_no"]):
            return merged.iloc[0:0], disputed
        by_pair = settled.set_index("pair_no")
        merged.loc[differ, "note"] = "Settled by a third reader: " + merged.loc[differ, "pair_no"].map(by_pair["note"])
    merged[COLUMN] = merged["judged_verdict"] + "|" + merged["judged_verdict_second"]
    if differ.any():
        merged.loc[differ, "judged_verdict"] = merged.loc[differ, "pair_no"].map(by_pair["judged_verdict"])
    return merged.drop(columns=["judged_verdict_second", "note_second"]), disputed
