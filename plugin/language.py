"""Language detection for comments, with py3langid (it ships its own model).

``detect_language(text)`` returns an ISO 639-1 code from a restricted set of
languages a European news site is likely to see, or ``None`` when the text is
too short or the evidence is too weak to decide. The model is loaded once,
lazily, on first use (about 0.1-0.2 s), then detection takes well under a
millisecond per comment.
"""
from __future__ import annotations

import re
import threading
from typing import Any

__all__ = ["SUPPORTED_LANGUAGES", "detect_language"]

#: Languages the detector may answer; anything else comes out as the closest of these
#: or, when confidence is low, ``None``.
SUPPORTED_LANGUAGES: tuple[str, ...] = (
    "en", "fr", "de", "es", "it", "nl", "pt", "ar", "pl", "ro", "tr", "ru", "uk",
    "sv", "da", "no", "fi", "cs", "el",
)

#: Fewer letters than this and we do not guess.
MIN_LETTERS = 8
#: Minimum normalised probability of the best language.
MIN_CONFIDENCE = 0.6

_URL = re.compile(r"https?://\S+|www\.\S+|@\w+|#", re.IGNORECASE)
_identifier: Any = None
_lock = threading.Lock()


def _get_identifier() -> Any:
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                ident.set_languages(list(SUPPORTED_LANGUAGES))
                _identifier = ident
    return _identifier


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of ``text``'s language, or ``None`` if undecidable."""
    if not isinstance(text, str):
        return None
    cleaned = _URL.sub(" ", text)
    letters = sum(1 for ch in cleaned if ch.isalpha())
    if letters < MIN_LETTERS:
        return None
    lang, confidence = _get_identifier().classify(cleaned)
    if confidence < MIN_CONFIDENCE:
        return None
    return str(lang)
