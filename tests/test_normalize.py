"""normalize(): undo filter-evasion tricks without damaging ordinary text."""
from __future__ import annotations

import pytest

from plugin.normalize import normalize


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("m1grants are 1nvad3rs", "migrants are invaders"),
        ("they are v e r m i n", "they are vermin"),
        ("M.u.s.l.i.m.s are a d.i.s.e.a.s.e", "Muslims are a disease"),  # one separator per run
        ("Border Force should s.h.o.o.t them", "Border Force should shoot them"),
        ("v.e.r.m.i.n", "vermin"),
        ("f*ck off", "fuck off"),
        ("sh!t", "shit"),
        ("what a c0nn4rd", "what a connard"),
        ("fuuuuuck", "fuuck"),
        ("i\u200bn\u200bv\u200ba\u200bd\u200be\u200brs", "invaders"),
        ("\u043cigr\u0430nts \u0430r\u0435 r\u0430ts", "migrants are rats"),  # Cyrillic м, а, е
        ("Muslims are \u0430 disease", "Muslims are a disease"),  # a lone Cyrillic а between Latin words
        ("ｆｕｌｌｗｉｄｔｈ", "fullwidth"),  # NFKC
        ("n****r", "nigger"),
        ("m*sl*ms out", "muslims out"),
        ("Isl*m", "Islam"),
        ("f*ck", "fuck"),  # profanity wins over a group name of the same shape
    ],
)
def test_tricks_are_undone(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ça a été très réussi, à l'école, garçon ; où est la forêt ? Noël, naïf, cœur.",
        "Le 3ème jour, 10km à pied, covid19, le 2nd tour, 100$ et 1er mai.",
        "Il y a des gens qui pensent que c'est normal.",
        "I live ten minutes from the port. Most nights it's quiet, honestly!",
        "See https://example.com/a?b=1 or mail me at a.b@example.org, @CalaisLocal62",
        "Peut-être que le Royaume-Uni devrait payer.",
        "Good morning",
        "Ελληνικά και русский текст",  # real Greek / Cyrillic words stay
        "He wrote «привет» and а smiley",  # mixed with real Cyrillic: lone look-alikes stay too
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert normalize(text) == text


def test_accents_survive_decomposed_input() -> None:
    # "é" written as e + combining acute is composed, not stripped.
    assert normalize("e\u0301te\u0301") == "été"


def test_empty_and_idempotent() -> None:
    assert normalize("") == ""
    once = normalize("m1grants are v e r m i n, f*ck them!!!!!!")
    assert normalize(once) == once
