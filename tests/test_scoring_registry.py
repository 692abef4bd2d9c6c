"""Finding scorers by alias or dotted path."""
import pytest

from plugin.scoring import ScorerError, StaticScorer, load_scorer
from plugin.scoring.registry import ALIASES


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ScorerError) as info:
        load_scorer("perspective")
    message = str(info.value)
    assert "unknown scorer 'perspective'" in message
    for alias in ("embedded", "static", "detoxify:original", "detoxify:unbiased-small", "cascade:"):
        assert alias in message


@pytest.mark.parametrize("name", ["nosuchmodule.thing:Scorer", "plugin.scoring.static:Nope", "", "   "])
def test_bad_dotted_paths_are_unknown(name):
    with pytest.raises(ScorerError, match="unknown scorer"):
        load_scorer(name)


def test_aliases_cover_every_detoxify_model():
    for variant in ("original", "unbiased", "multilingual", "original-small", "unbiased-small"):
        assert f"detoxify:{variant}" in ALIASES


def test_dotted_path_and_alias_load_the_same_class_once_per_options():
    by_alias = load_scorer("static", default={"toxicity": 0.3})
    by_path = load_scorer("plugin.scoring.static:StaticScorer", default={"toxicity": 0.3})
    assert isinstance(by_alias, StaticScorer) and isinstance(by_path, StaticScorer)
    assert load_scorer("static", default={"toxicity": 0.3}) is by_alias
    assert load_scorer("static", default={"toxicity": 0.4}) is not by_alias


def test_static_scorer_always_returns_one_dict_per_text():
    scorer = StaticScorer(default={"toxicity": 0.2}, rules={"idiot": {"insult": 0.9}})
    assert scorer.score([]) == []
    out = scorer.score(["hello", "you IDIOT"])
    assert len(out) == 2 and out[0]["toxicity"] == 0.2 and out[1]["insult"] == 0.9
    assert set(out[0]) == set(scorer.labels)
