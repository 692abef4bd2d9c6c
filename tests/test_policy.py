"""The policy is pure: scores and sensitivity in, an outcome with reasons out."""
import pytest

from plugin.policy import DEFAULT_THRESHOLDS, Policy, PolicyError, decide


def test_below_every_hold_threshold_approves_with_a_reason():
    verdict = decide({"toxicity": 0.10, "identity_attack": 0.02})
    assert verdict.outcome == "approve"
    assert verdict.reasons == (f"no label reached its hold threshold (highest toxicity 0.10 < {DEFAULT_THRESHOLDS['toxicity'][0]:.2f})",)


def test_reject_reason_names_label_score_threshold_and_sensitivity():
    policy = Policy(thresholds={"identity_attack": (0.5, 0.8)}, sensitive_factor=1.0)
    verdict = decide({"identity_attack": 0.91}, "sensitive", policy)
    assert verdict.outcome == "reject"
    assert verdict.reasons == ("identity_attack 0.91 >= 0.80: reject (sensitive article)",)


def test_hold_between_hold_and_reject():
    policy = Policy(thresholds={"insult": (0.5, 0.9)})
    verdict = decide({"insult": 0.6}, "standard", policy)
    assert (verdict.outcome, verdict.reasons) == ("hold", ("insult 0.60 >= 0.50: hold",))


def test_threshold_is_inclusive():
    policy = Policy(thresholds={"threat": (0.4, 0.7)})
    assert decide({"threat": 0.7}, policy=policy).outcome == "reject"
    assert decide({"threat": 0.4}, policy=policy).outcome == "hold"
    assert decide({"threat": 0.399}, policy=policy).outcome == "approve"


def test_sensitive_articles_are_stricter():
    policy = Policy(thresholds={"toxicity": (0.6, 0.9)}, sensitive_factor=0.5)
    assert decide({"toxicity": 0.5}, "standard", policy).outcome == "approve"
    assert decide({"toxicity": 0.5}, "sensitive", policy).outcome == "reject"
    assert policy.thresholds_for("sensitive")["toxicity"] == (0.3, 0.45)


def test_explicit_sensitive_thresholds_win_over_the_factor():
    policy = Policy(thresholds={"toxicity": (0.6, 0.9)}, sensitive_thresholds={"toxicity": (0.2, 0.5)})
    assert policy.thresholds_for("sensitive")["toxicity"] == (0.2, 0.5)


def test_premoderate_holds_what_it_does_not_reject():
    policy = Policy(thresholds={"toxicity": (0.6, 0.9)}, sensitive_factor=1.0)
    assert decide({"toxicity": 0.01}, "premoderate", policy).outcome == "hold"
    assert "premoderated" in decide({"toxicity": 0.01}, "premoderate", policy).reasons[0]
    assert decide({"toxicity": 0.95}, "premoderate", policy).outcome == "reject"


def test_reject_lists_every_label_over_a_threshold_most_harmful_first():
    policy = Policy(thresholds={"toxicity": (0.5, 0.8), "insult": (0.5, 0.8), "threat": (0.5, 0.8)})
    verdict = decide({"toxicity": 0.85, "insult": 0.95, "threat": 0.6}, policy=policy)
    assert verdict.outcome == "reject"
    assert [r.split()[0] for r in verdict.reasons] == ["insult", "toxicity", "threat"]


def test_works_with_whatever_labels_the_scorer_gives():
    # A scorer with only two labels, one the policy does not know.
    verdict = decide({"toxicity": 0.99, "spam": 1.0})
    assert verdict.outcome == "reject"
    assert all("spam" not in r for r in verdict.reasons)
    # No label in common: a human decides.
    verdict = decide({"spam": 1.0})
    assert verdict.outcome == "hold"
    assert "no label this policy knows" in verdict.reasons[0]


def test_unknown_sensitivity_is_an_error():
    with pytest.raises(PolicyError, match="unknown sensitivity 'loud'"):
        decide({"toxicity": 0.1}, "loud")


def test_version_is_stable_and_follows_the_data():
    assert Policy().version == Policy().version
    assert len(Policy().version) == 12
    assert Policy(thresholds={**DEFAULT_THRESHOLDS, "toxicity": (0.1, 0.2)}).version != Policy().version
    assert decide({"toxicity": 0.1}).policy_version == Policy().version


def test_from_config_overrides_and_validates():
    policy = Policy.from_config({"thresholds": {"toxicity": [0.3, 0.6]}, "sensitive_factor": 0.5})
    assert policy.thresholds["toxicity"] == (0.3, 0.6)
    assert policy.thresholds["threat"] == DEFAULT_THRESHOLDS["threat"]
    with pytest.raises(PolicyError, match="unknown policy keys"):
        Policy.from_config({"treshold": {}})
    with pytest.raises(PolicyError, match="hold <= reject"):
        Policy(thresholds={"toxicity": (0.9, 0.5)})
    with pytest.raises(PolicyError, match="pair of numbers"):
        Policy(thresholds={"toxicity": "high"})  # type: ignore[dict-item]
    with pytest.raises(PolicyError, match="between 0 and 1 or null"):
        Policy(thresholds={"toxicity": (0.5, 1.5)})


def test_null_turns_an_action_off_for_a_label_at_every_sensitivity():
    """``None`` (JSON ``null``): profanity that holds for a human but never rejects on its own."""
    policy = Policy.from_config({"thresholds": {"obscene": [0.5, None], "threat": [None, 0.9]}})
    assert policy.thresholds["obscene"] == (0.5, None)
    for sensitivity in ("standard", "sensitive"):
        verdict = decide({"obscene": 1.0, "threat": 0.0}, sensitivity, policy)
        assert verdict.outcome == "hold" and verdict.reasons[0].startswith("obscene 1.00 >= ")
    assert decide({"obscene": 0.1, "threat": 0.85}, "standard", policy).outcome == "approve"
    assert decide({"obscene": 0.1, "threat": 0.95}, "standard", policy).outcome == "reject"
    assert decide({"obscene": 0.1, "threat": 0.75}, "sensitive", policy).outcome == "reject"  # 0.9 x 0.8
    approve = decide({"threat": 0.3}, "standard", Policy(thresholds={"threat": (None, 0.9)}))
    assert approve.outcome == "approve" and "never holds" in approve.reasons[0]
    # null is part of the policy's data, so of its version
    assert policy.as_dict()["thresholds"]["obscene"] == [0.5, None]
    assert policy.version != Policy.from_config({"thresholds": {"obscene": [0.5, 0.99], "threat": [None, 0.9]}}).version


def test_default_policy_does_not_act_on_swearing_alone() -> None:
    """obscene is scored and stored, but by default neither holds nor rejects; a site opts in."""
    assert DEFAULT_THRESHOLDS["obscene"] == (None, None)
    for sensitivity in ("standard", "sensitive"):
        assert decide({"obscene": 1.0, "toxicity": 0.1}, sensitivity, Policy()).outcome == "approve"
    opted_in = Policy.from_config({"thresholds": {"obscene": [0.5, None]}})
    assert decide({"obscene": 1.0, "toxicity": 0.1}, "standard", opted_in).outcome == "hold"
