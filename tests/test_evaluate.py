"""The scorer: layout, extra actor roles, recommendation matching, and a tiny corpus scored end to end."""

import hashlib
import math

import pandas as pd
import pytest

from msmeetings import evaluate
from msmeetings.errors import InputError

DOCUMENT = """Workshop on migrant smuggling

The workshop was attended by 12 prosecutors from Ghana and Senegal. It was funded by the European Union.

Police arrested 40 suspects in 2019.

The participants recommended that:

1. the States of the region designate focal points for migrant smuggling;

2. ECOWAS develop a model form for mutual legal assistance requests.

The participants thanked the Government of Ghana for hosting the workshop.
"""


def _corpus(tmp_path, gold_name="gold"):
    (tmp_path / "raw").mkdir()
    raw = tmp_path / "raw" / "w.txt"
    raw.write_text(DOCUMENT, encoding="utf-8")
    sha = hashlib.sha256(raw.read_bytes()).hexdigest()
    (tmp_path / "meetings.csv").write_text(
        "meeting_id,title,start_date,end_date,city,country,organiser,document_type,language,source_file,sha256,notes\n"
        f"t-2019,Workshop,2019-03-01,2019-03-01,Accra,Ghana,,workshop report,en,w.txt,{sha},\n",
        encoding="utf-8",
    )
    gold = tmp_path / gold_name
    gold.mkdir()
    (gold / "quantities_gold.csv").write_text(
        "meeting_id,value,unit,qualifier,counted_hint,sentence_snippet\n"
        "t-2019,12,count,exact,prosecutors,12 prosecutors\nt-2019,40,count,exact,suspects,40 suspects\n",
        encoding="utf-8",
    )
    (gold / "actors_gold.csv").write_text(
        "meeting_id,actor_type,actor_id,role\nt-2019,country,GHA,participant\nt-2019,country,SEN,participant\n"
        "t-2019,organisation,eu,funder\n",
        encoding="utf-8",
    )
    (gold / "recommendations_gold.csv").write_text(
        "meeting_id,item_snippet,addressee,kind,is_item\n"
        "t-2019,designate focal points,States,recommendation,1\n"
        "t-2019,ECOWAS develop a model form,ECOWAS,recommendation,1\n"
        "t-2019,The participants thanked the Government,,courtesy,0\n",
        encoding="utf-8",
    )
    return tmp_path


def _value(table, extractor, metric):
    row = table[(table["extractor"] == extractor) & (table["metric"] == metric)]
    assert len(row) == 1, (extractor, metric)
    return row["value"].iloc[0]


def test__score_corpus__tiny_corpus(tmp_path):
    table = evaluate.score_corpus(_corpus(tmp_path))
    assert list(table.columns) == evaluate.SCORE_COLUMNS
    assert _value(table, "quantities", "recall") == 1.0
    assert _value(table, "actors", "took-part recall") == 1.0
    assert _value(table, "actors", "countries detection precision") == 1.0
    assert _value(table, "actors", "countries role recall") == 1.0
    assert _value(table, "actors", "organisations detection recall") == 1.0
    assert _value(table, "recommendations", "recall") == 1.0
    assert _value(table, "recommendations", "boilerplate share") == 0.0
    # No theme judgements, no follow-through gold: no rows for them.
    assert not table["extractor"].isin(["themes", "followthrough"]).any()


def test__score_corpus__wrong_gold_lowers_recall(tmp_path):
    corpus_dir = _corpus(tmp_path)
    with (corpus_dir / "gold" / "quantities_gold.csv").open("a", encoding="utf-8") as handle:
        handle.write("t-2019,999,count,exact,nothing,not in the text\n")
    table = evaluate.score_corpus(corpus_dir)
    assert _value(table, "quantities", "recall") == pytest.approx(2 / 3, abs=1e-3)


def test__score_corpus__seed_layout_reads_validation(tmp_path):
    table = evaluate.score_corpus(_corpus(tmp_path, gold_name="validation"))
    assert _value(table, "quantities", "precision") == 1.0


def test__find_gold_dir__missing(tmp_path):
    with pytest.raises(InputError, match="--gold"):
        evaluate.find_gold_dir(tmp_path)


def test__load_actor_gold__maps_extra_roles(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        "meeting_id,actor_type,actor_id,role\nm,organisation,eu,funder\nm,group,ecowas,observer\n", encoding="utf-8"
    )
    gold = evaluate.load_actor_gold(path)
    assert gold["role"].tolist() == ["subject", "participant"]
    assert gold["stated_role"].tolist() == ["funder", "observer"]


def test__load_actor_gold__unknown_role(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("meeting_id,actor_type,actor_id,role\nm,country,GHA,host\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        evaluate.load_actor_gold(path)


def test__match_items__snippet_ignores_case_and_spacing():
    items = pd.DataFrame(
        {"recommendation_id": ["m:R01", "m:R02"], "meeting_id": ["m", "m"], "text": ["Share  Data now.", "Other."]}
    )
    gold = pd.DataFrame({"meeting_id": ["m", "m"], "item_snippet": ["share data", "absent"]})
    assert evaluate.match_items(items, gold)["matched_ids"].tolist() == ["m:R01", ""]


def test__row__nothing_to_divide_is_nan():
    assert math.isnan(evaluate._row("x", "recall", 0, 0)["value"])


def test__main__prints_table(tmp_path, capsys):
    assert evaluate.main([str(_corpus(tmp_path))]) == 0
    assert "boilerplate share" in capsys.readouterr().out


def _scores(value: float) -> pd.DataFrame:
    return pd.DataFrame(
        {"extractor": ["people", "themes"], "metric": ["recall", "agreement"], "value": [value, 0.95], "n": [7, 100],
         "note": ["", ""]}
    )


def test__record_scores__the_sealed_score_is_recorded_once_and_never_overwritten(tmp_path):
    path = tmp_path / "scores.csv"
    evaluate.record_scores(_scores(1.0), "dev", scored_on="2026-12-01", path=path)
    evaluate.record_scores(_scores(0.57), "sealed", scored_on="2026-12-02", path=path)
    evaluate.record_scores(_scores(0.9), "dev", scored_on="2026-12-03", path=path)
    with pytest.raises(InputError, match="scored once"):
        evaluate.record_scores(_scores(0.99), "sealed", scored_on="2026-12-04", path=path)
    recorded = evaluate.read_recorded_scores(path)
    assert recorded[recorded["corpus"] == "sealed"]["value"].tolist() == ["0.570", "0.950"]
    assert recorded[recorded["corpus"] == "dev"]["value"].tolist() == ["0.900", "0.950"]


def test__compare_corpora_and_describe_generalisation__report_the_sealed_score_beside_the_others(tmp_path):
    path = tmp_path / "scores.csv"
    evaluate.record_scores(_scores(1.0), "dev", scored_on="d", path=path)
    evaluate.record_scores(_scores(0.57), "sealed", scored_on="d", path=path)
    scores = evaluate.read_recorded_scores(path)
    table = evaluate.compare_corpora(scores)
    assert table.loc[0, "Sealed set (scored once)"] == "0.57 (n=7)" and table.loc[0, "Development set"] == "1.00 (n=7)"
    text = evaluate.describe_generalisation(scores)
    assert "1 of 2 measures reach 0.90" in text and "people recall 0.57 (n=7)" in text and "fall by 0.22" in text


def test__latest_sealed_only__keeps_seeds_dev_and_the_last_sealed_set():
    import pandas as pd

    from msmeetings import evaluate

    scores = pd.DataFrame(
        {"corpus": ["seeds", "dev", "sealed", "sealed-2", "sealed-3", "dev"], "value": ["1"] * 6,
         "metric": ["recall"] * 5 + ["countries detection recall"]}
    )  # fmt: skip
    assert evaluate.latest_sealed_only(scores)["corpus"].tolist() == ["seeds", "dev", "sealed-3"]
