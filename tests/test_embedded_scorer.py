"""The embedded scorer: shipped model, protocol, ranking, robustness, offline loading."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from plugin.scoring.base import LABELS, Scorer
from plugin.scoring.embedded import DEFAULT_MODEL_DIR, EmbeddedScorer


@pytest.fixture(scope="module")
def scorer() -> EmbeddedScorer:
    return EmbeddedScorer()


def test_protocol_and_labels(scorer: EmbeddedScorer) -> None:
    assert isinstance(scorer, Scorer)
    assert scorer.name == "embedded"
    assert isinstance(scorer.version, str) and len(scorer.version) == 12
    assert {"toxicity", "identity_attack"} <= set(scorer.labels)
    assert set(scorer.labels) <= set(LABELS)


def test_shapes_and_ranges(scorer: EmbeddedScorer) -> None:
    texts = ["Hello there.", "", "   ", "x" * 5000, "Les migrants sont arrivés.", "😀 🇫🇷"]
    out = scorer.score(texts)
    assert len(out) == len(texts)
    for scores in out:
        assert tuple(scores) == scorer.labels
        assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in scores.values())


def test_empty_input(scorer: EmbeddedScorer) -> None:
    assert scorer.score([]) == []


def test_deterministic_and_batch_independent(scorer: EmbeddedScorer) -> None:
    texts = ["Migrants are vermin.", "I disagree with the mayor.", "Quel crétin ce journaliste."]
    batch = scorer.score(texts)
    assert batch == scorer.score(texts)
    singles = [scorer.score([t])[0] for t in texts]
    for a, b in zip(batch, singles):
        for label in scorer.labels:
            assert a[label] == pytest.approx(b[label], abs=1e-6)
    assert EmbeddedScorer().version == scorer.version


@pytest.mark.parametrize(
    "hateful, neutral",
    [
        ("Migrants are vermin, send these parasites back.",
         "Migrants arrived at the port of Calais late last night."),
        ("Muslims are a disease infecting Europe, throw them all out.",
         "Muslims in Calais held an open day at the mosque."),
        ("Les migrants sont des rats, renvoyez-les chez eux.",
         "Les migrants sont arrivés au port de Calais hier soir."),
        ("Les Africains sont des sauvages, dehors.",
         "Des étudiants africains ont organisé un tournoi de foot."),
    ],
)
def test_hate_ranks_above_neutral(scorer: EmbeddedScorer, hateful: str, neutral: str) -> None:
    h, n = scorer.score([hateful, neutral])
    assert h["identity_attack"] > n["identity_attack"] + 0.2
    assert h["toxicity"] > n["toxicity"]


def test_insult_ranks_above_civil(scorer: EmbeddedScorer) -> None:
    rude, civil = scorer.score(["You are a pathetic idiot.", "I think you are mistaken."])
    assert rude["insult"] > civil["insult"]
    assert rude["toxicity"] > civil["toxicity"]


def test_neutral_identity_mentions_stay_below_hold(scorer: EmbeddedScorer) -> None:
    holds = scorer.thresholds
    texts = [
        "Refugees from Eritrea told the journalist about their journey.",
        "Les réfugiés érythréens ont raconté leur voyage au journaliste.",
        "Immigration should be reduced, the asylum system cannot cope.",
    ]
    for scores in scorer.score(texts):
        acted_on = [label for label in scorer.labels if holds[label][0] is not None]
        assert acted_on and all(scores[label] < holds[label][0] for label in acted_on), scores


@pytest.mark.parametrize(
    "clean, obfuscated",
    [
        ("migrants are invaders and vermin", "m1grants are 1nvad3rs and v e r m i n"),
        ("fuck these refugees", "f*ck th\u200bese r\u0435fug\u0435\u0435s"),
        ("les migrants sont des rats", "l3s m1grants sont d3s r a t s"),
    ],
)
def test_obfuscated_scores_close_to_clean(scorer: EmbeddedScorer, clean: str, obfuscated: str) -> None:
    a, b = scorer.score([clean, obfuscated])
    for label in scorer.labels:
        assert abs(a[label] - b[label]) < 0.05, (label, a, b)


def test_model_dir_has_no_pickles() -> None:
    files = list(DEFAULT_MODEL_DIR.iterdir())
    assert {"weights.npz", "model.json"} <= {p.name for p in files}
    for path in files:
        assert path.suffix not in {".pkl", ".pickle", ".joblib", ".pt", ".bin"}
        assert not path.read_bytes()[:2] == b"\x80\x04"  # pickle protocol 4 header
    meta = json.loads((DEFAULT_MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    from plugin.policy import DEFAULT_THRESHOLDS

    for label in meta["labels"]:
        hold, reject = meta["thresholds"][label]  # None: the policy does not act on it
        if hold is not None:
            assert 0.0 < hold <= (1.0 if reject is None else reject) <= 1.0
        else:
            assert reject is None or 0.0 < reject <= 1.0
        # the policy's defaults are the thresholds tuned for this model
        assert tuple(meta["thresholds"][label]) == DEFAULT_THRESHOLDS[label]


def test_loads_and_scores_with_network_blocked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    fresh = EmbeddedScorer(DEFAULT_MODEL_DIR)
    assert len(fresh.score(["offline check"])) == 1


def test_missing_model_dir_raises(tmp_path: Path) -> None:
    from plugin.scoring.base import ScorerError

    with pytest.raises(ScorerError):
        EmbeddedScorer(tmp_path / "nope")


def test_registry_alias() -> None:
    from plugin.scoring.registry import ALIASES

    assert ALIASES["embedded"] == "plugin.scoring.embedded:EmbeddedScorer"


def test_threat_label_ranks_threats_above_idioms(scorer: EmbeddedScorer) -> None:
    assert "threat" in scorer.labels
    threat, idiom = scorer.score([
        "Give me one night in that camp with a can of petrol and there won't be a tent left.",
        "The minister shot himself in the foot with that speech.",
    ])
    assert threat["threat"] > idiom["threat"] + 0.2


@pytest.mark.parametrize(
    "hateful, counter",
    [
        ("Migrants are cockroaches and should be sent back.",
         "Calling migrants cockroaches is disgusting, they are human beings."),
        ("Les musulmans sont tous des terroristes.",
         "C'est raciste de prétendre que les musulmans sont tous des terroristes."),
    ],
)
def test_counter_speech_scores_below_the_hate_it_quotes(scorer: EmbeddedScorer, hateful: str, counter: str) -> None:
    h, c = scorer.score([hateful, counter])
    assert h["identity_attack"] > c["identity_attack"] + 0.2


def test_lexicon_columns_do_not_depend_on_dict_order() -> None:
    from plugin.scoring.embedded import Lexicon

    a = Lexicon({"b": ["rats"], "a": ["migrant*", "send back"]}, [("a", "b")])
    b = Lexicon({"a": ["migrant*", "send back"], "b": ["rats"]}, [("a", "b")])
    texts = ["migrants are rats", "send back", "nothing here", 'a "quote"']
    assert (a.transform(texts) == b.transform(texts)).all()
    assert a.transform(texts)[0].tolist() == [1, 1, 0, 1]  # a, b, QUOTE, a&b
    assert a.transform(texts)[1].tolist() == [1, 0, 0, 0]
    assert a.transform(texts)[3].tolist() == [0, 0, 1, 0]


@pytest.mark.parametrize(
    ("token", "categories"),
    [
        ("muslimsarevermin", {"group", "dehum"}),
        ("killallmigrants", {"group", "violence"}),
        ("lesmigrantssontdesrats", {"group", "dehum"}),
        ("refugeescrisis", {"group"}),  # a group word alone is only a group word
        ("therapist", set()),  # "rapist" inside an ordinary word
        ("aromatherapist", set()),  # "roma" inside a word, not at either end
        ("internationalisation", set()),
    ],
)
def test_lexicon_reads_words_run_together(token: str, categories: set[str]) -> None:
    from plugin.scoring.embedded import Lexicon

    lexicon = Lexicon({"group": ["migrant*", "muslim*", "refugee*", "roma"], "dehum": ["vermin*", "rats"],
                       "violence": ["kill*"], "trope": ["rapist*"]})
    row = lexicon.transform([token])[0]
    assert {name for name, on in zip(lexicon.names, row) if on} == categories


def test_cascade_default_cut_follows_the_shipped_model(scorer: EmbeddedScorer) -> None:
    """Retraining must re-choose the cascade's benign cut (its version is the model's)."""
    from plugin.scoring.cascade import DEFAULT_BENIGN_CUTS

    assert DEFAULT_BENIGN_CUTS["embedded"][1] == scorer.version
