"""Text normalisation applied before scoring: undo the usual filter-evasion tricks.

``normalize(text)`` returns text that a model trained on ordinary spelling can
read: Unicode NFKC, zero-width and stray combining characters removed, Cyrillic
and Greek look-alikes inside Latin words mapped to Latin, leetspeak inside words
(``m1grants``, ``1nvad3rs``) decoded, spaced-out letters (``v e r m i n``,
``v.e.r.m.i.n``) joined, masked profanity (``f*ck``, ``sh!t``) restored, and runs
of three or more identical letters squeezed to two. Case is kept, and so are
ordinary accented letters (é, à, ç, ï ...): NFKC composes them, nothing strips them.

Pure Python and standard library only; about 20-50 µs for a typical comment.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize"]

# Zero-width and invisible format characters (NFKC leaves most of them in place).
_INVISIBLE = dict.fromkeys(
    [
        0x00AD,  # soft hyphen
        0x034F,  # combining grapheme joiner
        0x061C,  # arabic letter mark
        0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E,
        0x200B, 0x200C, 0x200D, 0x200E, 0x200F,
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
        0x2060, 0x2061, 0x2062, 0x2063, 0x2064,
        0x2066, 0x2067, 0x2068, 0x2069, 0x206A, 0x206B, 0x206C, 0x206D, 0x206E, 0x206F,
        0x3164, 0xFEFF, 0xFFA0,
    ]
)

_INVISIBLE_RE = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")

# Cyrillic and Greek letters that look like Latin ones.
_HOMOGLYPHS = {
    # Cyrillic lower case
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ո": "n", "һ": "h", "ɡ": "g", "ɑ": "a",
    "п": "n", "г": "r", "ь": "b", "ӏ": "l",
    # Cyrillic upper case
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I",
    "Ј": "J", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "l",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "η": "n", "μ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}
_HOMOGLYPH_TABLE = str.maketrans(_HOMOGLYPHS)
_HOMOGLYPH_RE = re.compile("[" + "".join(_HOMOGLYPHS) + "]")
# A Cyrillic or Greek letter with no Latin look-alike: the text holds real
# Cyrillic or Greek words, so look-alikes are mapped only inside Latin words.
_OTHER_SCRIPT_RE = re.compile(
    "[" + "".join(ch for ch in map(chr, range(0x0370, 0x0530))
                  if ch.isalpha() and ch not in _HOMOGLYPHS) + "]"
)
_LATIN_RE = re.compile("[A-Za-z]")

# Leetspeak inside words.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g",
         "@": "a", "$": "s", "€": "e", "!": "i", "|": "l"}
_LEET_TABLE = str.maketrans(_LEET)

# Profanity and slurs commonly written with masks; a masked token is restored to
# the first word here it fits (mask characters stand for one letter each).
_MASKED_WORDS = (
    "fuck", "fucking", "fucker", "fucked", "motherfucker", "shit", "bullshit", "cunt", "bitch",
    "bitches", "nigger", "niggers", "nigga", "faggot", "fag", "whore", "slut", "dick", "cock",
    "pussy", "bastard", "asshole", "ass", "damn", "twat", "wanker", "retard", "crap", "piss",
    "putain", "pute", "merde", "connard", "connasse", "conne", "salope", "salaud", "enculé",
    "encule", "enculés", "bougnoule", "bougnoules", "nègre", "negre", "bite", "couille", "couilles",
    "pd", "pédé", "pede", "niquer", "nique", "ta gueule", "bordel", "bâtard", "batard",
    # Group names and slurs masked to dodge filters ("m*sl*ms", "isl*m", "r@pefugees"):
    # listed after the profanity so a mask that fits both restores the profanity.
    "muslim", "muslims", "moslem", "moslems", "islam", "islamic", "migrant", "migrants",
    "refugee", "refugees", "immigrant", "immigrants", "african", "africans", "arab", "arabs",
    "negro", "negroes", "paki", "pakis", "raghead", "ragheads", "towelhead", "towelheads",
    "muzzie", "muzzies", "kike", "kikes", "wog", "wogs", "coon", "coons", "vermin", "invaders",
    "musulman", "musulmans", "musulmane", "islamiste", "islamistes", "arabe", "arabes",
    "africain", "africains", "nègres", "negres", "négro", "negro", "bicot", "bicots",
    "youpin", "youpins", "raton", "ratons", "crouille", "crouilles", "migrants", "clandestins",
    "idiot", "idiots", "stupid", "moron", "morons", "retarded", "crétin", "abruti", "débile",
)
_MASK_CHARS = "*#%@!?._-$+"

_WORDLIKE = re.compile(r"[^\s]+")
# Tokens worth a closer look: a leet or mask character between or before letters,
# or a mask run ending a word ("a$$", "f***").
_CANDIDATE = re.compile(
    r"[^\W_][0-9@$€!|*#%?_.\-+]+[^\W_]|[0-9@$€|]+[^\W\d_]|[^\W\d_][*#$@]+(?!\S)"
)
_COMBINING = re.compile("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_LETTER = re.compile(r"[^\W\d_]")
# One separator throughout ("v e r m i n", "s.h.o.o.t"), so a preceding word of
# one letter is not swallowed: "a d.i.s.e.a.s.e" -> "a disease", not "adisease".
_SPACED = re.compile(r"(?<![^\W_])([^\W_]([ .\-_*])(?:[^\W_]\2)+[^\W_])(?![^\W_])")
_REPEAT = re.compile(r"([^\W\d_])\1{2,}")
_PUNCT_REPEAT = re.compile(r"([!?.,*#])\1{3,}")
# Number-like tokens that are not leetspeak: ordinals, units, 1st, 10km, covid19, mp3, 2024.
_NOT_LEET = re.compile(
    r"^(?:\d+(?:[.,:]\d+)*(?:st|nd|rd|th|e|er|ère|eme|ème|km|kg|cm|mm|m|h|min|s|am|pm|k|x|%|€|\$)?|"
    r"[^\W\d_]+\d+|\d+)$",
    re.IGNORECASE,
)


def _fix_homoglyphs(token: str) -> str:
    # Map look-alikes only inside words that also hold Latin letters, so Greek
    # or Russian text is left alone.
    if any(ch in _HOMOGLYPHS for ch in token) and any("a" <= ch.lower() <= "z" for ch in token):
        return token.translate(_HOMOGLYPH_TABLE)
    return token


def _unmask(core: str) -> str | None:
    lowered = core.lower()
    n = len(lowered)
    for word in _MASKED_WORDS:
        if len(word) != n:
            continue
        ok = True
        for a, b in zip(lowered, word):
            if a != b and a not in _MASK_CHARS:
                ok = False
                break
        if ok:
            return word if core.islower() or not core[:1].isupper() else word.capitalize()
    return None


def _fix_token(token: str) -> str:
    # Split off surrounding punctuation: "(m1grants)," -> "(", "m1grants", "),".
    start, end = 0, len(token)
    while start < end and not (token[start].isalnum() or token[start] in "@$€|"):
        start += 1
    while end > start and not (token[end - 1].isalnum() or token[end - 1] in "*#$"):
        end -= 1
    core = token[start:end]
    if len(core) < 2:
        return token
    has_letter = _LETTER.search(core) is not None
    if not has_letter:
        # Entirely masked or numeric: "****" or "2024" -> leave.
        return token
    if core[0] == "@" or "://" in token or core.startswith("www.") or "@" in core[1:] and "." in core:
        return token  # mention, URL, e-mail
    if any(ch in _MASK_CHARS for ch in core):
        restored = _unmask(core)
        if restored is not None:
            return token[:start] + restored + token[end:]
    if any(ch in _LEET for ch in core) and not _NOT_LEET.match(core):
        letters = sum(1 for ch in core if _LETTER.match(ch))
        if letters >= 2:
            decoded = core.translate(_LEET_TABLE)
            if all(ch.isalpha() or ch in "'-’" for ch in decoded):
                return token[:start] + decoded + token[end:]
    return token


def _join_spaced(match: re.Match[str]) -> str:
    group = match.group(1)
    chars = group[::2]
    letters = sum(1 for ch in chars if ch.isalpha())
    if letters < 2 or letters < len(chars) - 2:
        return group  # "1 2 3", or mostly digits: not a spaced-out word
    joined = "".join(chars)
    return _fix_token(joined) if letters < len(chars) else joined


def _fix_candidate_tokens(text: str) -> str:
    """Apply :func:`_fix_token` to each whitespace-delimited token holding a candidate.

    Candidates never span whitespace, so each match lies inside one token; only
    those tokens are visited (most comments have none or a few).
    """
    out: list[str] = []
    last = 0
    n = len(text)
    for match in _CANDIDATE.finditer(text):
        if match.start() < last:
            continue  # same token as the previous match
        start, end = match.start(), match.end()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < n and not text[end].isspace():
            end += 1
        out.append(text[last:start])
        out.append(_fix_token(text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


def normalize(text: str) -> str:
    """Return ``text`` with common obfuscations undone (case and accents kept)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    if _INVISIBLE_RE.search(text):
        text = text.translate(_INVISIBLE)
    # Drop combining marks left over after NFKC composition (zalgo, stacked accents)
    # when they sit on a Latin letter.
    if _COMBINING.search(text):
        out = []
        prev_latin = False
        for ch in text:
            if unicodedata.category(ch) == "Mn" and prev_latin:
                continue
            out.append(ch)
            prev_latin = (ch.isascii() and ch.isalpha()) or "\u00c0" <= ch <= "\u024f" or (
                "\u1e00" <= ch <= "\u1eff"
            )
        text = "".join(out)
    if _HOMOGLYPH_RE.search(text):
        if _LATIN_RE.search(text) and not _OTHER_SCRIPT_RE.search(text):
            # Latin text whose only Cyrillic/Greek letters are look-alikes: map
            # them all, lone ones too ("Muslims are а disease" with a Cyrillic а).
            text = text.translate(_HOMOGLYPH_TABLE)
        else:
            text = _WORDLIKE.sub(lambda m: _fix_homoglyphs(m.group(0)), text)
    if _CANDIDATE.search(text):
        text = _fix_candidate_tokens(text)
    text = _SPACED.sub(_join_spaced, text)
    text = _REPEAT.sub(r"\1\1", text)
    text = _PUNCT_REPEAT.sub(r"\1\1\1", text)
    return text
