import pandas as pd
import pytest

from msmeetings.recommendations.agreement import agreement, cohen_kappa, describe_agreement, independent_pairs


def _judged(values, rounds=None):
    return pd.DataFrame({"independent_verdicts": values, "round": rounds or ["5"] * len(values)})


def test__cohen_kappa__matches_the_textbook_value():
    # 50 pairs: both yes 20, both no 15, first yes/second no 5, first no/second yes 10.
    first = pd.Series(["yes"] * 25 + ["no"] * 25)
    second = pd.Series(["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15)
    # observed 0.7; expected 0.5*0.6 + 0.5*0.4 = 0.5; kappa 0.4
    assert cohen_kappa(first, second) == pytest.approx(0.4)


def test__cohen_kappa__is_none_when_both_readers_use_one_label_only():
    assert cohen_kappa(pd.Series(["mentioned"] * 3), pd.Series(["mentioned"] * 3)) is None


def test__agreement__counts_only_pairs_two_readers_judged_in_the_round_asked():
    judged = _judged(
        ["reiterated|reiterated", "reiterated|mentioned", "", "implemented|implemented", "mentioned|mentioned"],
        ["5", "5", "5", "5", "4"],
    )
    result = agreement(judged, round=5)
    assert (result["n"], result["agreed"], result["share"]) == (3, 2, 0.67)
    assert "2 of 3" in describe_agreement(judged, round=5)
    assert "settled the 1 " in describe_agreement(judged, round=5)


def test__agreement__none_and_no_sentence_for_rounds_judged_by_one_reader():
    assert agreement(pd.DataFrame({"round": ["1"], "judged_verdict": ["mentioned"]})) is None
    assert describe_agreement(_judged([""])) == ""


def test__independent_pairs__refuses_an_unknown_verdict_naming_it():
    with pytest.raises(ValueError, match="'done|mentioned'"):
        independent_pairs(_judged(["done|mentioned"]))


def test__combine_readings__agreed_pairs_pass_disputed_ones_wait_for_a_third_reader():
    from msmeetings.recommendations.agreement import combine_readings

    drawn = pd.DataFrame({"pair_no": [1, 2], "recommendation_id": ["m:R01", "m:R02"], "judged_verdict": ["", ""]})
    first = pd.DataFrame({"pair_no": [1, 2], "judged_verdict": ["reiterated", "mentioned"], "note": ["a1", "a2"]})
    second = pd.DataFrame({"pair_no": [1, 2], "judged_verdict": ["reiterated", "not_found"], "note": ["b1", "b2"]})
    judged, disputed = combine_readings(drawn, first, second)
    assert judged.empty and disputed["pair_no"].tolist() == [2]
    settled = pd.DataFrame({"pair_no": [2], "judged_verdict": ["not_found"], "note": ["c2"]})
    judged, _ = combine_readings(drawn, first, second, settled)
    assert judged["judged_verdict"].tolist() == ["reiterated", "not_found"]
    assert judged["independent_verdicts"].tolist() == ["reiterated|reiterated", "mentioned|not_found"]
    assert judged["note"].tolist() == ["a1", "Settled by a third reader: c2"]
