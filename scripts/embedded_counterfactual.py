"""Counterfactual copies of labelled comments: the group named swapped for another.

Used by train_embedded.py (v3.10). Whether a comment is hate, a threat or an
acceptable remark does not depend on which group it names: "migrants are
parasites" and "Hindus are parasites" are both hate, "Muslims held an open day"
and "Sikhs held an open day" are both fine. The written training comments are
about the Calais story, so most of them name migrants, refugees, Muslims or
Africans, and a bag of n-grams learns the group words themselves: hate aimed at
a group the data rarely names scores low, and an innocent sentence that names a
group the data mostly names in hate scores high. Counterfactual data
augmentation (Garg et al. 2019, "Counterfactual Fairness in Text
Classification through Robustness"; Dixon et al. 2018) trains on a copy of each
such comment with the group replaced, label unchanged.

``counterfactual(text, lang, rng)`` returns the copy, or None when the text names
no group it knows. Only plural nouns are swapped (an adjective like "Muslim
women" is left alone, so no grammar breaks), and in French only a plural noun
after an article that never elides (les, des, ces, aux ...) and only for
masculine plurals, so agreement holds. The replacement is drawn uniformly from
the same list, never the group it replaces.
"""
from __future__ import annotations

import random
import re

# Plural nouns for groups defined by origin, religion, colour, sexual orientation,
# gender identity, disability or sex; each is both found and used as a replacement.
EN_GROUPS = [
    "migrants", "immigrants", "refugees", "asylum seekers", "foreigners", "Muslims", "Jews",
    "Christians", "Hindus", "Sikhs", "Buddhists", "atheists", "Africans", "Arabs", "Asians",
    "Syrians", "Afghans", "Eritreans", "Somalis", "Kurds", "Pakistanis", "Albanians", "Romanians",
    "Moroccans", "Algerians", "Nigerians", "Turks", "Black people", "white people", "gay people",
    "lesbians", "bisexual people", "trans people", "disabled people", "women",
]
# Masculine plurals (agreement: "ils sont tous ...").
FR_GROUPS = [
    "migrants", "immigrés", "réfugiés", "demandeurs d'asile", "étrangers", "musulmans", "juifs",
    "chrétiens", "hindous", "sikhs", "bouddhistes", "athées", "Africains", "Arabes", "Asiatiques",
    "Syriens", "Afghans", "Érythréens", "Somaliens", "Kurdes", "Pakistanais", "Albanais",
    "Roumains", "Marocains", "Algériens", "Nigérians", "Turcs", "Noirs", "Blancs", "homosexuels",
    "gays", "handicapés", "Roms",
]
_FR_ARTICLES = r"(?:les|des|ces|aux|nos|vos|leurs|mes|tes|ses|tous|certains|plusieurs)"


def _alternation(groups: list[str]) -> str:
    # longest first, so "asylum seekers" wins over a shorter entry sharing its start
    return "|".join(re.escape(g) for g in sorted(groups, key=len, reverse=True))


# group 1: what must precede the noun (nothing in English, an article in French); group 2: the noun
_RE = {"en": re.compile(r"(?<![\w'-])()(" + _alternation(EN_GROUPS) + r")(?![\w'-])", re.IGNORECASE),
       "fr": re.compile(r"(?<![\w'-])(" + _FR_ARTICLES + r"\s+)(" + _alternation(FR_GROUPS) + r")(?![\w'-])",
                        re.IGNORECASE)}
_POOL = {"en": EN_GROUPS, "fr": FR_GROUPS}
_CANON = {lang: {g.lower(): g for g in pool} for lang, pool in _POOL.items()}


def _cased(replacement: str, original: str) -> str:
    """``replacement`` in capitals when ``original`` was shouted, capitalised when it
    was (the model lower-cases; this keeps the copies readable)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def groups_named(text: str, lang: str) -> list[str]:
    """The groups of the swap lists that ``text`` names (canonical spelling, in order, once each)."""
    lang = "fr" if lang == "fr" else "en"
    return list(dict.fromkeys(_CANON[lang][m.group(2).lower()] for m in _RE[lang].finditer(text)))


def counterfactual(text: str, lang: str, rng: random.Random) -> str | None:
    """``text`` with one group it names (all its mentions) replaced by another, or None."""
    named = groups_named(text, lang)
    if not named:
        return None
    lang = "fr" if lang == "fr" else "en"
    source = rng.choice(named)
    target = rng.choice([g for g in _POOL[lang] if g not in named])

    def swap(m: re.Match) -> str:
        if m.group(2).lower() != source.lower():
            return m.group(0)
        return m.group(1) + _cased(target, m.group(2))
    return _RE[lang].sub(swap, text)
