"""detect_language(): ISO 639-1 codes for comments, None when undecidable."""
from __future__ import annotations

import pytest

from plugin.language import SUPPORTED_LANGUAGES, detect_language


@pytest.mark.parametrize(
    "text, code",
    [
        ("The migrants arrived at the port of Calais late last night.", "en"),
        ("Les migrants sont arrivés au port de Calais tard hier soir.", "fr"),
        ("Die Migranten kamen gestern Abend im Hafen von Calais an.", "de"),
        ("Los migrantes llegaron anoche al puerto de Calais.", "es"),
        ("I migranti sono arrivati ieri sera al porto di Calais.", "it"),
        ("De migranten kwamen gisteravond aan in de haven van Calais.", "nl"),
    ],
)
def test_detects_common_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "ok", "lol", "!!!", "12345 678", "https://example.com/x"])
def test_short_or_empty_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_answers_only_supported_codes() -> None:
    for text in ["Bonjour tout le monde, comment allez-vous ?", "Hello everyone, how are you today?"]:
        assert detect_language(text) in SUPPORTED_LANGUAGES


def test_model_is_loaded_once() -> None:
    from plugin import language

    detect_language("warm up the model once please")
    model = language._get_model()
    detect_language("Les habitants de Calais en ont assez de cette situation.")
    assert language._get_model() is model


def test_unsupported_language_is_none() -> None:
    assert detect_language("Bu akşam Calais limanına göçmenler geldi ve polis bekliyordu.") in ("tr", None)
    assert detect_language("今晚有移民抵达加来港口，警察正在等待他们的到来。") is None
