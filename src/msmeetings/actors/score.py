"""Validation of the actor extraction against gold lists written by reading."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from msmeetings.actors.gazetteers import ACTOR_TYPES, GOLD_COLUMNS, ROLES, _read_csv, _require
from msmeetings.actors.summary import summarise_roles
from msmeetings.errors import InputError


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


def scored_meetings(actors: pd.DataFrame, gold: pd.DataFrame) -> list[str]:
    """The meetings validation scores: those the gold list covers, whether or not actors were found."""
    return sorted(set(gold["meeting_id"]))


def score_actors(actors: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall of distinct actors per meeting, by actor type, for detection and for role.

    ``detection`` compares (meeting, actor) pairs; ``role`` also requires the meeting-level role.
    Only meetings the gold list covers are scored (:func:`scored_meetings`): a meeting without
    gold has no reading to disagree with, and counting its actors as wrong would sink precision.
    """
    found = summarise_roles(actors[actors["meeting_id"].isin(scored_meetings(actors, gold))])
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
    scored = actors[actors["meeting_id"].isin(scored_meetings(actors, gold))]
    found = summarise_roles(scored)[["meeting_id", "actor_type", "actor_id", "role"]]
    merged = found.merge(
        gold, on=["meeting_id", "actor_type", "actor_id"], how="outer", suffixes=("_extracted", "_gold"), indicator=True
    )
    kinds = {"left_only": "not in gold", "right_only": "missed", "both": ""}
    merged["error"] = merged["_merge"].astype(str).map(kinds)
    wrong_role = (merged["_merge"] == "both") & (merged["role_extracted"] != merged["role_gold"])
    merged.loc[wrong_role, "error"] = "wrong role"
    errors = merged[merged["error"] != ""].drop(columns="_merge").fillna("")
    return errors.sort_values(["meeting_id", "actor_type", "actor_id"]).reset_index(drop=True)
