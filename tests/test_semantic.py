"""The optional semantic similarity mode: skipped without the extra, unless CI_SEMANTIC=1 (then they must run)."""

import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from msmeetings.errors import InputError
from msmeetings.recommendations import extract_recommendations, followthrough, similarity, trace_followthrough
from msmeetings.segment import segment_document

REQUIRED = os.environ.get("CI_SEMANTIC") == "1"
needs_extra = pytest.mark.skipif(
    not similarity.semantic_installed() and not REQUIRED,
    reason="optional extra 'semantic' not installed (make semantic); CI_SEMANTIC=1 makes these run",
)

MEETINGS = pd.DataFrame({"meeting_id": ["m1", "m2", "m3"], "start_date": ["2010-01-01", "2015-06", "2020-03-02"]})
TINY = (
    ("m1", "Conclusions\n\n- Financial investigations into hawala payments should be used more often.\n"),
    (
        "m2",
        "Discussion\n\nThe weather in the city was pleasant. Financial investigations into hawala payments were rare.\n",
    ),
    ("m3", "Discussion\n\nFinancial investigations into hawala payments should be conducted more frequently.\n"),
)
# The same ask in other words: no stemmed content word in common ("smugglers" is not "smuggling"),
# so TF-IDF scores it 0; MiniLM scores it 0.70.
PARAPHRASE = (
    ("m1", "Conclusions\n\n- Prosecutors should trace the money earned by smugglers.\n"),
    (
        "m2",
        "Discussion\n\nThe weather in the city was pleasant. Financial investigations into the proceeds of smuggling are needed.\n",
    ),
)


def segments_of(*documents: tuple[str, str]) -> pd.DataFrame:
    return pd.concat([segment_document(raw, meeting_id) for meeting_id, raw in documents], ignore_index=True)


def test__trace_followthrough__without_the_extra_the_semantic_mode_is_refused_with_the_install_hint(monkeypatch):
    # Runs everywhere: the extra's absence is simulated where it is installed.
    monkeypatch.setattr(followthrough, "SIMILARITY_MODES", ("tfidf",))
    segments = segments_of(*TINY)
    with pytest.raises(InputError, match=r"pip install -e '\.\[semantic\]'.*use similarity='tfidf'"):
        trace_followthrough(extract_recommendations(segments), segments, MEETINGS, similarity="semantic")


def test__similarity_modes__semantic_is_listed_exactly_when_the_extra_is_installed():
    assert ("semantic" in similarity.SIMILARITY_MODES) == similarity.semantic_installed()
    assert similarity.MIN_SIMILARITY.keys() >= {"tfidf", "semantic"}


@needs_extra
def test__load_semantic_model__loads_the_shipped_weights_on_the_cpu_with_the_network_shut(tmp_path):
    # A fresh process, an empty Hugging Face cache and every socket refused: the model must still load
    # from site-packages and give unit-length 384-dimensional embeddings.
    script = textwrap.dedent(
        """
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network used")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        import numpy as np
        from msmeetings.recommendations import similarity
        model = similarity.load_semantic_model()
        vectors = similarity.embed(["Joint investigation teams were set up.", "Hawala payments were traced."])
        assert str(model.device) == "cpu", model.device
        assert vectors.shape == (2, 384), vectors.shape
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
        import os
        assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
        print("ok")
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env.update(HF_HOME=str(tmp_path / "hf"), SENTENCE_TRANSFORMERS_HOME=str(tmp_path / "st"))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-2000:]
    assert not (tmp_path / "hf").exists() or not any((tmp_path / "hf").rglob("*.safetensors"))


@needs_extra
def test__trace_followthrough__semantic_mode_gives_the_same_bytes_twice_and_across_batchings(monkeypatch):
    segments = segments_of(*TINY)
    recs = extract_recommendations(segments)

    def run() -> bytes:
        similarity._EMBEDDINGS.clear()  # embed again, not from the cache
        table = trace_followthrough(recs, segments, MEETINGS, similarity="semantic")
        return table.to_csv(index=False).encode()

    first = run()
    assert run() == first
    monkeypatch.setattr(similarity, "SEMANTIC_BATCH", 1)
    assert run() == first
    table = trace_followthrough(recs, segments, MEETINGS, similarity="semantic")
    assert (table["similarity"] == table["similarity"].round(similarity.SEMANTIC_DECIMALS)).all()
    m3 = table[(table["later_meeting_id"] == "m3") & table["decides"]].iloc[0]
    assert m3["verdict"] == "reiterated" and m3["similarity"] >= similarity.MIN_SIMILARITY["semantic"]


@needs_extra
def test__trace_followthrough__semantic_mode_finds_a_paraphrase_that_tfidf_misses():
    segments = segments_of(*PARAPHRASE)
    recs = extract_recommendations(segments)
    meetings = MEETINGS.iloc[:2]
    tfidf = trace_followthrough(recs, segments, meetings, top_k=1)
    semantic = trace_followthrough(recs, segments, meetings, top_k=1, similarity="semantic")
    assert tfidf.loc[0, "verdict"] == "not_found"
    assert semantic.loc[0, "verdict"] != "not_found"
    assert semantic.loc[0, "evidence"] == "Financial investigations into the proceeds of smuggling are needed."


def _modes(semantic_agreement: float, semantic_gold: float) -> "pd.DataFrame":
    import pandas as pd

    rows = []
    for mode, agreement, gold, seconds in (("tfidf", 0.60, 0.80, 2.0), ("semantic", semantic_agreement, semantic_gold, 30.0)):
        rows += [
            {"mode": mode, "min_similarity": 0.1, "sample": "judged", "metric": "verdict agreement", "value": agreement, "n": 100},
            {"mode": mode, "min_similarity": 0.1, "sample": "gold dev", "metric": "verdict agreement", "value": gold, "n": 10},
            {"mode": mode, "min_similarity": 0.1, "sample": "all corpora", "metric": "seconds", "value": seconds, "n": 4000},
        ]
    return pd.DataFrame(rows)


def test__semantic_wins__only_by_a_clear_margin_on_the_judged_pairs_and_no_loss_on_gold():
    from msmeetings.recommendations import score as compare_modes

    assert compare_modes.semantic_wins(_modes(0.70, 0.80))
    assert not compare_modes.semantic_wins(_modes(0.63, 0.80)), "three points is not a clear win"
    assert not compare_modes.semantic_wins(_modes(0.70, 0.70)), "a loss on a gold list"
    text = compare_modes.describe_modes(_modes(0.63, 0.80), "tfidf")
    assert "on 0.63 of them, TF-IDF on 0.60" in text and "15 times as long" in text and "**tfidf**" in text
    import pandas as pd

    empty = {"mode": "tfidf", "min_similarity": "0.1", "sample": "judged", "metric": "recurring precision", "value": "",
             "n": "0"}  # no pair given that verdict: written empty
    frame = pd.concat([_modes(0.63, 0.80).astype(str), pd.DataFrame([empty])], ignore_index=True)
    table = compare_modes.modes_table(frame)
    assert table.loc[0].tolist() == ["Judged pairs: verdict agrees with the reader", "0.60 (100)", "0.63 (100)"]


def test__describe_modes__a_gain_on_judged_pairs_with_a_loss_on_gold_names_the_gold_list():
    from msmeetings.recommendations import score

    text = score.describe_modes(_modes(0.70, 0.70).astype(str), "tfidf")
    assert "agrees with the reader more often, but does worse on the gold lists of dev" in text
    assert list(score.modes_table(_modes(0.70, 0.70)).columns) == ["Measure", "TF-IDF", "Semantic (sentence embeddings)"]
