#!/usr/bin/env python
"""Train the embedded comment scorer (plugin/scoring/embedded.py) from the public sets.

One command, seeded, reproducible:

    python scripts/train_embedded.py --data ../shared/data --out plugin/scoring/embedded_model

Needs the ``train`` extra (scikit-learn). Reads davidson2017, olid, mlma_en,
mlma_fr and ftr_fr from ``--data`` (jigsaw_toxic_samples only to check the label
mapping), adds template-generated examples written here and the labelled
comments written for the project in ``seeds/`` (NEWS_SETS, FUNCTIONAL_SETS;
never the evaluation-only files), splits every set into
seeded train / calibration / test parts, trains one logistic regression per label
on hashed n-gram features, calibrates each label with Platt scaling on the
calibration part, tunes hold/reject thresholds on the calibration part, evaluates
on the test parts (never used for fitting or tuning), and writes:

    <out>/weights.npz     float16 weights + bias (no pickle)
    <out>/model.json      features, labels, calibration, thresholds, figures
    <out>/MODEL_CARD.md   the card, with the figures filled in

``--dump-eval FILE`` also writes the test texts, labels and this model's scores as
JSON lines so scripts/compare_baselines.py can score the same texts with other
tools (the dump holds data: keep it out of the repository).
The data itself is never written into the repository.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import html
import io
import json
import random
import re
import sys
import time
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if "plugin" not in sys.modules:
    # Load plugin.scoring / plugin.normalize without running plugin/__init__.py,
    # which imports the whole Flask extension (not needed to train a model).
    import types

    _pkg = types.ModuleType("plugin")
    _pkg.__path__ = [str(ROOT / "plugin")]  # type: ignore[attr-defined]
    sys.modules["plugin"] = _pkg

from plugin.scoring.embedded import EmbeddedScorer, Featurizer, Lexicon, prepare  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import embedded_counterfactual  # noqa: E402
import embedded_grammar  # noqa: E402
from metrics import auc  # noqa: E402

LABELS = ("toxicity", "identity_attack", "insult", "obscene", "threat")
SEED = 20240611
BITS = 20
csv.field_size_limit(10_000_000)

# --------------------------------------------------------------------------- lexicon
# Weak supervision for `obscene`: none of the sets labels it, so a comment counts
# as obscene when it contains one of these words (after normalisation). The model
# learns the lexicon plus its spelling variants; checked on the Jigsaw samples.
OBSCENE_WORDS = [
    "fuck", "fucking", "fucked", "fucker", "fuckers", "fucks", "motherfucker", "motherfuckers",
    "shit", "shitty", "bullshit", "cunt", "cunts", "pussy", "pussies", "dick", "dicks", "cock",
    "cocks", "asshole", "assholes", "arse", "arsehole", "whore", "whores", "slut", "sluts",
    "twat", "wanker", "wankers", "tits", "bitch", "bitches", "blowjob", "jizz", "cum",
    "putain", "pute", "putes", "merde", "merdes", "enculé", "enculés", "encule", "enculer",
    "salope", "salopes", "bite", "bites", "couilles", "nique", "niquer", "niquez", "foutre",
    "chier", "chiasse", "bordel", "connard", "connards", "connasse", "pd", "pédé", "pédés",
    "bollocks", "shitshow", "clusterfuck", "tosser", "tossers", "gobshite", "dickhead", "dickheads",
    "wank", "wanking", "bastard", "bastards", "piss", "pissed", "pissing",
]
_OBSCENE_RE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, OBSCENE_WORDS)) + r")(?!\w)")


def obscene_label(prepared: str) -> int:
    return int(_OBSCENE_RE.search(prepared) is not None)


# --------------------------------------------------------------------------- lexicon features
# Curated EN/FR word lists, written into model.json and turned into 0/1 features
# by plugin.scoring.embedded.Lexicon (after normalize(), so obfuscated forms
# match). They are extra inputs to the same logistic regressions, not rules:
# the model learns how much each category (and each pair) counts, and the hard
# negatives (neutral mentions, counter-speech, negation) teach it when not to.
LEXICON = {
    "group": [
        "migrant*", "refugee*", "immigrant*", "asylum", "muslim*", "moslem*", "islam*", "african*",
        "arab", "arabs", "black people", "blacks", "eritrean*", "sudanese", "afghan*", "syrian*",
        "somali*", "pakistani*", "albanian*", "iraqi*", "foreigner*", "roma", "gypsies", "jew", "jews",
        "these people", "that lot", "boat people", "illegals", "third world", "mosque*",
        "migrant*", "réfugié*", "refugie*", "immigré*", "immigre*", "demandeurs d'asile", "musulman*",
        "islam*", "africain*", "arabe*", "noirs", "érythréen*", "soudanais", "afghan*", "syrien*",
        "maghrébin*", "maghrebin*", "exilé*", "exile*", "étranger*", "etranger*", "clandestin*", "roms",
        "ces gens", "juifs", "tiers monde", "mosquée*",
        # v3.4: the other protected groups of the functional suites
        "women", "gay", "gays", "lesbian*", "trans", "transgender*", "disabled", "gypsy", "jewish",
        "femmes", "homosexuel*", "lesbienne*", "handicapé*", "handicape*", "gitan*",
        # v3.10: the groups the counterfactual copies name (scripts/embedded_counterfactual.py),
        # and the French singulars juif / juive (threats at "chaque juif" were not a group)
        "christian*", "hindu*", "sikh*", "buddhist*", "atheist*", "asians", "asian people",
        "white people", "whites", "straight people", "bisexual*", "romanian*", "moroccan*",
        "algerian*", "nigerian*", "turks", "kurds", "polish people", "chrétien*", "chretien*",
        "hindou*", "bouddhiste*", "athée*", "athee*", "asiatique*", "blancs", "bisexuel*",
        "roumain*", "marocain*", "algérien*", "algerien*", "polonais", "kurdes", "turcs",
        "nigérian*", "juif", "juive", "juives",
    ],
    "dehum": [
        "vermin*", "rat", "rats", "cockroach*", "parasit*", "animal", "animals", "savage*", "filth*",
        "scum*", "subhuman*", "sub human", "leech*", "locust*", "plague", "disease*", "cancer", "swarm*",
        "infest*", "garbage", "trash", "beast*", "ape", "apes", "monkey*", "maggot*", "pest", "pests",
        "virus", "horde*", "breed", "breeding", "barely human", "not human", "lower form",
        "vermine*", "cafard*", "animaux", "sauvage*", "ordure*", "racaille*", "sous hommes",
        "sous homme", "sangsue*", "nuisible*", "plaie", "maladie", "singe*", "bête*", "bete*",
        "déchet*", "dechet*", "pourriture", "porcs", "cloporte*", "sauterelle*", "pullul*",
        "sous espèce", "reproduisent",
    ],
    "slur": [
        "nigger*", "nigga*", "paki", "pakis", "raghead*", "towelhead*", "muzzie*", "muzrat*", "wog",
        "wogs", "coon", "coons", "kike*", "sandnigger*", "negro*", "faggot*", "tranny",
        "bougnoul*", "bicot*", "négro*", "nègre*", "negre*", "youpin*", "raton*", "crouille*",
        "chinetoque*", "bamboula*", "mélanchien*", "islamo gauchiste*",
    ],
    "violence": [
        "kill*", "shoot", "shot", "bullet*", "gun", "guns", "shotgun*", "rifle*", "petrol", "torch*",
        "burn*", "hang", "hanged", "hanging", "rope", "lynch*", "drown*", "stab*", "knife", "bomb*",
        "gas", "exterminat*", "slaughter*", "massacre*", "murder*", "blood", "ambulance", "bats",
        "string them up", "lined up", "break their legs", "tuer", "tue", "buter", "flingu*", "balle*",
        "fusil*", "essence", "brûl*", "brul*", "cramer", "pendre", "pendu*", "noyer", "égorg*",
        "egorg*", "massacr*", "extermin*", "gazer", "sang", "battes", "crever", "faire la peau",
        "casse les jambes", "à coups de", "hôpital",
    ],
    "expel": [
        "send them back", "send back", "kick them out", "kick out", "deport*", "go back", "get out",
        "ship them back", "throw them out", "remigration", "out of our country", "don't belong",
        "round them up", "dehors", "renvoy*", "expuls*", "virez", "virer", "dégag*", "degag*",
        "rentrez chez vous", "chez eux", "retournent", "rien à faire",
    ],
    "trope": [
        "criminal*", "rapist*", "rape", "terrorist*", "thief", "thieves", "jihad*", "sleeper*",
        "invader*", "invasion", "invading", "invaded", "coloni*", "replace*", "replacement",
        "death cult", "fifth column", "scrounger*", "genocide", "breeding ground", "in their blood",
        "backward", "civilised", "civilized", "civilisation", "fair game", "iq", "délinquant*",
        "delinquant*", "violeur*", "violer", "terroriste*", "voleur*", "djihad*", "envahi*",
        "remplacement", "remplacer", "colonis*", "secte", "cinquième colonne", "allocs",
        "dans leur sang", "civilisé*", "arriéré*", "nid de",
    ],
    "insult": [
        "idiot*", "moron*", "imbecile*", "cretin*", "clown*", "muppet*", "plank", "halfwit*",
        "numpty", "pillock", "prat", "loser*", "troll", "fool", "fools", "dimwit*", "buffoon*",
        "snowflake*", "scumbag*", "lowlife", "waste of space", "nutjob*", "knobhead*", "simpleton*",
        "dunce", "gammon", "twit", "stupid", "dumb", "dumbest", "thick", "brainless", "brain dead",
        "pathetic", "clueless", "deluded", "spineless", "gutless", "wet lettuce", "houseplant",
        "crétin*", "imbécile*", "abruti*", "con", "cons", "connard*", "conne", "débile*", "debile*",
        "guignol*", "bouffon*", "minable*", "demeuré*", "naze*", "tocard*", "boulet", "pauvre type",
        "ignare*", "mouton*", "bête", "décérébré*", "huître", "rigolo*", "nul", "nulle", "espèce de",
        # v3.3: epithets for public figures
        "grifter*", "charlatan*", "bellend*", "weasel*", "windbag*", "wazzock*", "gormless", "snivelling",
        "sanctimonious", "bozo*", "plonker*", "nabot*", "roquet*", "larbin*", "fumiste*", "escroc*",
        "branquignol*", "gugusse*", "faux cul", "pignouf*", "plouc*", "beauf*", "fada*", "blaireau*",
        "baltringue*", "andouille*", "tartuffe*",
    ],
    # v3.3: dog whistles and conspiracy words of coded hate (also quoted by counter-speech)
    "coded": [
        "kalergi", "14 words", "1488", "14 88", "londonistan", "eurabia", "white genocide", "anti white",
        "mongrel*", "enrichment", "remigration", "great replacement", "grand remplacement", "occupation",
        "settlers", "colons", "bred out", "breed", "in their blood", "dans le sang", "finance juive",
        "même communauté", "same people", "france aux français", "not racist but", "pas raciste mais",
        "rien contre personne", "nothing personal", "just asking", "je pose juste", "asking for a friend",
    ],
    # v3.7: praise and respect, so "<group> are <praise>" can weigh against "<group> are";
    # with `negation` it marks negated praise ("Muslims are not decent people"), which is hate
    "praise": [
        "wonderful", "brilliant", "amazing", "kind", "kindest", "kindness", "generous", "hardworking",
        "hard working", "hard workers", "welcome", "welcoming", "proud", "respect", "respected",
        "admire*", "beautiful", "courage", "courageous", "brave", "bravery", "talented", "inspiring",
        "inspiration", "grateful", "thankful", "thank", "thanks", "lovely", "friendly", "decent",
        "honest", "contribut*", "asset", "assets", "valued", "valuable", "deserve", "deserves",
        "incredible", "resilient", "resilience", "gifted", "skilled", "glad", "delighted", "hero",
        "heroes", "phenomenal", "fantastic", "excellent", "caring", "helpful", "dignity", "gentle",
        "merveilleu*", "formidable*", "courageu*", "courage", "généreu*", "genereu*", "gentil*",
        "accueil*", "fier", "fière", "fiers", "fières", "respect*", "admir*", "magnifique*",
        "talentueu*", "travailleu*", "bosseu*", "merci", "reconnaissant*", "adorable*", "chaleureu*",
        "honnête*", "honnete*", "incroyable*", "génial*", "genial*", "en or", "héros", "heros",
        "précieu*", "precieu*", "dignité", "dignite", "bienvenue*", "solidarité", "solidarite",
        "nice", "sympa", "sympas", "sympathique*", "aimable*",
    ],
    "second": ["you", "your", "yours", "yourself", "ur", "u", "toi", "tu", "t", "ton", "ta", "tes",
               "te", "user"],
    "negation": ["not", "no", "don't", "isn't", "aren't", "never", "nobody", "nothing", "nor",
                 "ne", "n", "pas", "jamais", "personne", "aucun", "aucune"],
    "report": [
        "calling", "called", "call", "say", "says", "said", "saying", "claim*", "quote*", "quoting",
        "wrote", "writes", "word", "words", "describ*", "reported", "flagged", "comments", "comment",
        "signs", "dire", "disent", "dit", "traiter", "traite", "qualifier", "cite", "affirme",
        "prétend*", "pretend*", "signalé", "commentaire*", "entends", "mot",
    ],
    "counter": [
        "disgusting", "ashamed", "shame", "shameful", "racist", "racism", "vile", "dehumanis*",
        "dehumaniz*", "hate speech", "human beings", "history", "false", "lazy", "evidence",
        "statistics", "remove", "moderators", "honte", "honteux", "raciste", "racisme", "ignoble",
        "êtres humains", "faux", "preuve*", "lamentable", "généralités", "modérateurs", "déshumanis*",
    ],
    "future": ["ll", "will", "gonna", "going to", "shall", "i'd", "vais", "va", "allons", "viendra",
               "finiront", "prendre"],
    "generalise": ["all", "every", "lot", "each", "always", "tous", "toutes", "chaque", "tout",
                   "sans exception", "every single", "the lot"],
}  # no profanity category: `obscene` is labelled from OBSCENE_WORDS, it would leak the label
LEXICON_PAIRS = [
    ("group", "dehum"), ("group", "trope"), ("group", "violence"), ("group", "expel"),
    ("group", "generalise"), ("group", "slur"), ("second", "insult"), ("violence", "future"),
    ("violence", "second"), ("dehum", "negation"), ("dehum", "report"), ("dehum", "counter"),
    ("dehum", "QUOTE"), ("trope", "negation"), ("trope", "report"), ("trope", "counter"),
    ("insult", "negation"), ("dehum", "generalise"), ("insult", "report"),
    ("coded", "group"), ("coded", "counter"), ("coded", "report"),  # v3.3
    ("group", "praise"), ("praise", "negation"),  # v3.7
]


# --------------------------------------------------------------------------- data
def clean_tweet(text: str) -> str:
    text = html.unescape(text)
    text = re.sub(r"^(?:!+\s*)?(?:RT\s+)?", "", text)
    return text.strip()


def rec(text, suite, lang, tox, ia, ins, group=None, threat="auto"):
    # `threat` is supervised by the templates only: elsewhere an acceptable comment
    # is a negative and a harmful one is unknown (None).
    if threat == "auto":
        threat = 0 if tox == 0 else None
    return {"text": text, "suite": suite, "lang": lang,
            "y": {"toxicity": tox, "identity_attack": ia, "insult": ins, "threat": threat},
            "group": group}


def load_davidson(d: Path):
    out = []
    with open(d / "davidson2017/labeled_data.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            c = int(row["class"])
            out.append(rec(clean_tweet(row["tweet"]), "davidson", "en",
                           int(c in (0, 1)), int(c == 0), None))
    return out


def _olid_labels(a, b, c):
    tox = int(a == "OFF")
    if a == "NOT":
        return tox, 0, 0
    ia = int(c == "GRP")
    if b == "UNT":
        # v3: "untargeted" is swearing aimed at no one; it is `obscene` (from
        # the word list), not abuse, so not `toxicity` either.
        return 0, 0, 0
    elif c == "IND":
        ins = 1
    else:
        ins = None  # insult aimed at a group or other: ambiguous for `insult`
    return tox, ia, ins


def load_olid(d: Path):
    train, test = [], []
    with open(d / "olid/olid-training-v1.0.tsv", encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(r)
        for row in r:
            _, tweet, a, b, c = row[:5]
            train.append(rec(tweet, "olid", "en", *_olid_labels(a, b, c)))

    def labels(name):
        with open(d / f"olid/{name}", encoding="utf-8", newline=None) as f:
            lines = f.read().splitlines()[1:]
        return dict(line.split(",", 1) for line in lines if "," in line)

    la, lb, lc = labels("labels-levela.csv"), labels("labels-levelb.csv"), labels("labels-levelc.csv")
    with open(d / "olid/testset-levela.tsv", encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(r)
        for tid, tweet in r:
            a = la[tid].strip()
            b = lb.get(tid, "NULL").strip()
            c = lc.get(tid, "NULL").strip()
            item = rec(tweet, "olid", "en", *_olid_labels(a, b, c))
            item["split"] = "test"
            test.append(item)
    return train, test


IDENTITY_TARGETS = {"origin", "religion", "sexual_orientation"}


def load_mlma(d: Path, lang: str):
    path = d / f"mlma_{lang}/{lang}_dataset.csv"
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            parts = set(row["sentiment"].split("_"))
            normal = parts == {"normal"}
            tox = 0 if normal else 1
            if normal:
                ia = 0
            elif parts & {"hateful", "abusive"} and row["target"] in IDENTITY_TARGETS:
                ia = 1
            else:
                ia = None
            ins = 0 if normal else None
            out.append(rec(row["tweet"], f"mlma_{lang}", lang, tox, ia, ins, row["group"]))
    return out


def load_ftr(d: Path):
    out = []
    with open(d / "ftr_fr/FTR_new_labels.csv", encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            y = int(row["label"])
            out.append(rec(row["tweet"], "ftr_fr", "fr", y, y, 0 if y == 0 else None))
    return out


def load_jigsaw(d: Path):
    out = []
    for name in ("ibm_max_test_examples.csv", "detoxify_dummy_train.csv", "detoxify_dummy_test.csv"):
        with open(d / "jigsaw_toxic_samples" / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["toxic"] == "-1":
                    continue
                item = rec(row["comment_text"], "jigsaw_check", "en", int(row["toxic"]),
                           int(row["identity_hate"]), int(row["insult"]), threat=int(row["threat"]))
                item["y_obscene_gold"] = int(row["obscene"])
                item["split"] = "test"
                out.append(item)
    return out


# --------------------------------------------------------------------------- templates
EN_GROUPS = ["migrants", "refugees", "immigrants", "asylum seekers", "Muslims", "Africans",
             "Arabs", "Jews", "gay people", "Black people", "the Roma", "Syrians", "Eritreans",
             "Afghans", "Sudanese people", "the people in the camp", "foreigners", "Pakistanis"]
FR_GROUPS = ["les migrants", "les réfugiés", "les immigrés", "les demandeurs d'asile",
             "les musulmans", "les Africains", "les Arabes", "les juifs", "les homosexuels",
             "les Noirs", "les Roms", "les Syriens", "les Érythréens", "les Afghans",
             "les Soudanais", "les exilés", "les étrangers", "les Maghrébins"]
EN_DEHUM = ["vermin", "rats", "parasites", "animals", "cockroaches", "savages", "invaders",
            "a plague", "filth", "scum", "subhuman", "a disease", "leeches", "dogs"]
FR_DEHUM = ["de la vermine", "des rats", "des parasites", "des animaux", "des cafards",
            "des sauvages", "des envahisseurs", "une plaie", "des ordures", "de la racaille",
            "des sous-hommes", "une maladie", "des sangsues", "des chiens"]

EN_NEUTRAL = [
    "{G} arrived at the port of Calais late last night.",
    "The report says {G} waited for hours in the rain.",
    "Many {G} in the camp are young men travelling alone.",
    "I volunteered at the food bank and met {G} from several countries.",
    "A local charity helps {G} find housing and legal advice.",
    "The mayor met representatives of {G} on Tuesday.",
    "My neighbours are {G} and they are lovely people.",
    "The article interviews {G} about their journey across the Mediterranean.",
    "Some {G} told the journalist they want to reach Britain.",
    "There are {G} living in my town and nobody has a problem with it.",
    "The study looked at how {G} find work in France.",
    "{G} have the same rights as everyone else under the law.",
    "The photo shows {G} queuing for food at the distribution point.",
    "How many {G} are currently in the camp according to the prefecture?",
    "The documentary follows {G} over a whole winter in Calais.",
    "I grew up with {G} and learned a lot from them.",
    # v3.7: bare and very short mentions, and plain praise (a group word alone
    # scored as high as an insult; praise of a group was held more than any other contrast)
    "{G}.", "{G} in Calais.", "Photos of {G} at the port.", "An interview with {G}.",
    "{G} and the local council.", "{G} have enriched this town.", "{G} are wonderful people.",
    "{G} deserve our respect.", "{G} work incredibly hard.",
    "Honestly, {G} are some of the kindest people I know.",
]
EN_POLICY = [
    "Immigration should be reduced, the system simply cannot cope.",
    "We need stricter border controls and faster asylum decisions.",
    "Britain should take its fair share of {G} instead of leaving it to France.",
    "France cannot keep absorbing this many {G}, the state has to act.",
    "The camp should be closed and {G} processed properly.",
    "Those whose asylum claims fail should be returned, that is what the law says.",
    "Le Touquet treaty needs to be renegotiated, it is unfair on Calais.",
    "The cost of policing the port is too high for local taxpayers.",
    "Open borders are not the answer, but neither is leaving people to sleep rough.",
    "I think the UK should process asylum claims in France.",
    "The government has failed both the residents and {G}.",
    "Quotas for {G} should be decided by parliament, not by Brussels.",
    "Illegal immigration is a real problem and pretending otherwise helps no one.",
    "We should deport criminals regardless of where they come from.",
]
EN_COUNTER = [
    "Calling {G} {D} is disgusting and should not be tolerated.",
    "People who say {G} are {D} should be ashamed of themselves.",
    "It is racist to call {G} {D}, full stop.",
    "The protesters called {G} {D}, which tells you everything about them.",
    "Someone above wrote that {G} are {D}. That is vile.",
    "Stop calling {G} {D}, they are human beings.",
]
EN_NEGATED = [
    "{G} are not {D}, they are people fleeing war.",
    "No, {G} are not criminals and they are not {D}.",
    "I don't think {G} are {D} at all.",
    "{G} aren't invaders, most of them just want a safe life.",
    "Nobody here believes {G} are {D}.",
]
EN_HATE = [
    "{G} are {D}.",
    "{G} are {D} and should be sent back.",
    "Send these {D} back where they came from.",
    "{G} are {D} infecting Europe.",
    "Get these {D} out of our country now.",
    "Europe is being invaded by {G}, they are {D}.",
    "All {G} are {D}, every single one of them.",
    "{G} are {D}, they breed like rats and live like animals.",
    "I hate {G}, they are {D}.",
    "Kick out all {G}, they are nothing but {D}.",
    "{G} should be shot at the border like the {D} they are.",
    "Burn the camp down with the {D} inside.",
    "{G} are subhuman and don't deserve to live here.",
    "Filthy {G} go back to your country.",
]
EN_INSULT = [
    "You are a pathetic idiot.", "What a moron this journalist is.", "Shut up, you clown.",
    "You're too stupid to understand anything.", "The mayor is a useless halfwit.",
    "Only an imbecile would write something this dumb.", "Go away, you ignorant fool.",
    "You absolute muppet, read the article before commenting.",
    "The minister is a spineless coward and a liar.", "You are a disgusting little troll.",
    "Nobody cares what a brain-dead loser like you thinks.", "What a clueless idiot you are.",
]
EN_CIVIL = [
    "I completely disagree with your point.", "This article is biased in my opinion.",
    "The police handled this badly.", "Thanks for the thoughtful reply.",
    "I'd like to see the source for that figure.", "Both sides make some fair points here.",
    "The mayor is wrong about this, and here is why.", "Good reporting, as usual.",
    "This has been going on for years and nothing changes.",
    "I was in Calais last summer and the town was calm.",
]
FR_NEUTRAL = [
    "{G} sont arrivés au port de Calais tard hier soir.",
    "Selon le reportage, {G} ont attendu des heures sous la pluie.",
    "Beaucoup de jeunes hommes seuls vivent dans le camp, dit l'article, en parlant de {G}.",
    "J'ai fait du bénévolat à la banque alimentaire avec {G}.",
    "Une association locale aide {G} à trouver un logement.",
    "Le maire a rencontré des représentants de la communauté mardi, parmi eux {G}.",
    "Mes voisins font partie de ce qu'on appelle {G} et ce sont des gens adorables.",
    "L'article donne la parole à {G} sur leur traversée de la Méditerranée.",
    "Certains d'entre eux, {G}, veulent rejoindre l'Angleterre.",
    "Il y a {G} dans ma ville et personne n'a de problème avec ça.",
    "L'étude porte sur l'accès à l'emploi pour {G} en France.",
    "{G} ont les mêmes droits que tout le monde devant la loi.",
    "La photo montre {G} qui font la queue pour un repas.",
    "Combien sont {G} dans le camp selon la préfecture ?",
    "Le documentaire suit {G} pendant tout un hiver à Calais.",
    "J'ai grandi avec {G} et j'ai beaucoup appris.",
    # v3.7: bare and very short mentions, and plain praise
    "{G}.", "{G} à Calais.", "Des photos de {G} au port.", "Un entretien avec {G}.",
    "{G} et la mairie.", "{G} ont enrichi notre ville.", "{G} sont des gens formidables.",
    "{G} méritent notre respect.", "{G} travaillent vraiment dur.",
    "Franchement, {G} sont parmi les gens les plus gentils que je connaisse.",
]
FR_POLICY = [
    "Il faut réduire l'immigration, le système ne peut plus suivre.",
    "Il faut des contrôles aux frontières plus stricts et des décisions d'asile plus rapides.",
    "L'Angleterre devrait accueillir sa part, pas tout laisser à la France.",
    "La France ne peut pas accueillir autant de monde, l'État doit agir.",
    "Le camp doit être fermé et les dossiers traités correctement.",
    "Ceux dont la demande d'asile est rejetée doivent être reconduits, c'est la loi.",
    "Les accords du Touquet doivent être renégociés, c'est injuste pour Calais.",
    "Le coût du maintien de l'ordre au port est trop élevé pour les contribuables.",
    "Ouvrir les frontières n'est pas la solution, laisser les gens dormir dehors non plus.",
    "Le gouvernement a abandonné à la fois les habitants et {G}.",
    "L'immigration clandestine est un vrai problème, le nier n'aide personne.",
    "Il faut expulser les délinquants, d'où qu'ils viennent.",
    "Je pense que le Royaume-Uni devrait traiter les demandes d'asile en France.",
    "Les quotas d'accueil pour {G} devraient être votés par le Parlement.",
]
FR_COUNTER = [
    "Traiter {G} de {D2} est honteux.",
    "Ceux qui disent que {G} sont {D} devraient avoir honte.",
    "C'est du racisme de dire que {G} sont {D}.",
    "Les manifestants ont dit que {G} étaient {D}, ça en dit long sur eux.",
    "Quelqu'un plus haut écrit que {G} sont {D}. C'est ignoble.",
    "Arrêtez de dire que {G} sont {D}, ce sont des êtres humains.",
]
FR_NEGATED = [
    "{G} ne sont pas {D}, ce sont des gens qui fuient la guerre.",
    "Non, {G} ne sont pas des criminels.",
    "Je ne pense pas du tout que {G} soient {D}.",
    "{G} ne sont pas des envahisseurs, ils veulent juste vivre en sécurité.",
    "Personne ici ne croit que {G} sont {D}.",
]
FR_HATE = [
    "{G} sont {D}.",
    "{G} sont {D}, il faut les renvoyer chez eux.",
    "Renvoyez-moi tous ces {D2} chez eux.",
    "{G} sont {D} qui infectent l'Europe.",
    "Dehors {G}, vous êtes {D}.",
    "L'Europe est envahie par {G}, ce sont {D}.",
    "Tous {G} sont {D}, sans exception.",
    "Je hais {G}, ce sont {D}.",
    "Il faut virer {G}, ce ne sont que {D}.",
    "{G} devraient être abattus à la frontière comme {D}.",
    "Brûlez le camp avec tous ces {D2} dedans.",
    "{G} sont des sous-hommes qui n'ont rien à faire ici.",
    "Sales {G2}, rentrez chez vous.",
]
FR_INSULT = [
    "T'es vraiment un pauvre idiot.", "Quel crétin ce journaliste.", "Ferme-la, espèce de clown.",
    "Tu es trop bête pour comprendre quoi que ce soit.", "Le maire est un incapable.",
    "Il faut être débile pour écrire un truc pareil.", "Va-t'en, espèce d'ignorant.",
    "Le ministre est un lâche et un menteur.", "T'es qu'un petit troll minable.",
    "Personne n'en a rien à faire de l'avis d'un abruti comme toi.", "Quel imbécile tu fais.",
]
FR_CIVIL = [
    "Je ne suis pas du tout d'accord avec vous.", "Cet article est partial à mon avis.",
    "La police a mal géré la situation.", "Merci pour cette réponse argumentée.",
    "J'aimerais voir la source de ce chiffre.", "Les deux camps ont des arguments valables.",
    "Le maire se trompe, et voici pourquoi.", "Bon reportage, comme d'habitude.",
    "Ça dure depuis des années et rien ne change.",
    "J'étais à Calais l'été dernier et la ville était calme.",
]
# Compositional insults aimed at people, civil criticism of the same people,
# threats, and violent idioms that are not threats.
EN_PEOPLE = ["you", "the mayor", "this journalist", "the minister", "the author", "that protester",
             "the spokesman", "the commenter above", "your friend", "this guy"]
EN_INSULT_NOUNS = ["idiot", "moron", "imbecile", "clown", "halfwit", "cretin", "muppet", "loser",
                   "coward", "fool", "dimwit", "buffoon", "joke", "waste of space", "parasite",
                   "scumbag", "piece of garbage", "lowlife", "bigot", "hypocrite"]
EN_INSULT_T = ["{P} is a {N}.", "{P} is such a pathetic {N}.", "What a {N} {P} is.",
               "Only a {N} like {P} would say that.", "Shut up, {P} {N}.",
               "Honestly {P} is the biggest {N} in this whole debate.",
               "{P} is a brainless {N} and everyone knows it."]
EN_CRITIC_T = ["{P} is wrong about the camp.", "I think {P} made a poor decision.",
               "{P} has handled this badly.", "{P} should resign over this failure.",
               "I strongly disagree with {P} on immigration.", "{P} has no real plan for Calais.",
               "With respect, {P} has misread the figures."]
FR_PEOPLE = ["tu", "le maire", "ce journaliste", "le ministre", "l'auteur", "ce manifestant",
             "le porte-parole", "le commentateur au-dessus", "ton copain", "ce type"]
FR_INSULT_NOUNS = ["idiot", "crétin", "imbécile", "abruti", "guignol", "bouffon", "débile",
                   "minable", "lâche", "incapable", "nul", "parasite", "pauvre type", "ordure",
                   "raciste de bas étage", "hypocrite", "demeuré", "clown"]
FR_INSULT_T = ["{P} est un {N}.", "Quel {N}, {P}.", "{P} n'est qu'un {N}.",
               "Il faut être un {N} comme {P} pour dire ça.", "Franchement {P}, quel {N}.",
               "{P} est le plus gros {N} de ce débat."]
FR_CRITIC_T = ["{P} se trompe sur le camp.", "Je pense que {P} a pris une mauvaise décision.",
               "{P} a mal géré cette affaire.", "{P} devrait démissionner après cet échec.",
               "Je ne suis pas d'accord avec {P} sur l'immigration.",
               "{P} n'a aucun plan pour Calais."]
EN_THREAT = ["Someone should put a bullet in {P}.", "I know where {P} lives, watch out.",
             "{P} deserves to be strung up.", "We will find {P} and make them pay.",
             "If I see {P} in Calais I will break their legs.",
             "{G} should be lined up and shot.", "Let's go down to the camp tonight and burn "
             "their tents with {G} inside.", "Next time {G} show up we'll be waiting with bats.",
             "Torch the camp, drown {G} in the channel.", "{G} will get what's coming to them, "
             "a bullet each."]
FR_THREAT = ["Quelqu'un devrait mettre une balle à {P}.", "Je sais où habite {P}, fais gaffe.",
             "On va retrouver {P} et lui faire la peau.", "{P} mérite d'être pendu.",
             "Si je croise {P} à Calais je lui casse les jambes.",
             "Il faut aligner {G} et les fusiller.", "Ce soir on va brûler les tentes avec "
             "{G} dedans.", "La prochaine fois on attendra {G} avec des battes.",
             "Il faut noyer {G} dans la Manche.", "{G} vont prendre une balle chacun."]
EN_IDIOM = ["The minister shot himself in the foot with that speech.",
            "The mayor killed the debate before it started.",
            "Commuters are held hostage by the strikes every summer.",
            "That argument is dead on arrival.", "The council is fighting a losing battle.",
            "Honestly this queue is killing me.", "The opposition tore his plan to pieces.",
            "Residents feel under siege when the port is blocked.",
            "The new policy is a bomb waiting to go off for the budget.",
            "He destroyed her arguments in the debate."]
FR_IDIOM = ["Le ministre s'est tiré une balle dans le pied avec ce discours.",
            "Les automobilistes sont pris en otage par les grèves chaque été.",
            "Le maire a tué le débat dans l'œuf.", "Cet argument est mort-né.",
            "La mairie mène un combat perdu d'avance.", "Cette file d'attente me tue.",
            "L'opposition a démoli son plan.", "Les habitants se sentent assiégés quand le port est bloqué.",
            "Cette réforme est une bombe à retardement pour le budget.",
            "Elle l'a massacré pendant le débat."]
EN_CRIME_HATE = ["{G} are all criminals and rapists.", "Every one of {G} is a terrorist in waiting.",
                 "{G} are thieves, lock your doors.", "{G} only come here to rape and steal.",
                 "You can't trust {G}, they're all liars and thieves."]
EN_CRIME_OK = ["Not all {G} are criminals, most just want to work.",
               "Crime statistics do not show that {G} are more violent.",
               "Saying all {G} are criminals is simply false.",
               "A few {G} were arrested for theft, the police said."]
FR_CRIME_HATE = ["{G} sont tous des délinquants et des violeurs.",
                 "Chacun d'entre eux, {G}, est un terroriste en puissance.",
                 "{G} sont des voleurs, fermez vos portes.",
                 "{G} viennent ici pour voler et violer.", "On ne peut pas faire confiance à {G}, "
                 "tous des menteurs et des voleurs."]
FR_CRIME_OK = ["Tous {G} ne sont pas des délinquants, la plupart veulent travailler.",
               "Les statistiques ne montrent pas que {G} sont plus violents.",
               "Dire que {G} sont tous des criminels est tout simplement faux.",
               "Quelques-uns, parmi {G}, ont été arrêtés pour vol, selon la police."]

# v3: untargeted swearing, for the "profanity" hard negatives ({X} a swear word,
# {T} a thing or situation, never a person or group).
EN_SWEARS = ["fucking", "bloody", "damn", "shitty", "goddamn", "bloody fucking"]
EN_THINGS = ["queue at the port", "ferry schedule", "weather", "traffic on the A16", "paperwork", "policy",
             "fence", "bill", "budget", "delay", "system", "winter", "situation", "mess at the border", "strike"]
EN_PROFANE_OK = [
    "Fuck yeah, well done to the volunteers!", "Holy shit, I had no idea the {T} was that bad.",
    "Shit, that's heartbreaking.", "What a {X} {T}, three hours stuck again.", "The {T} is a {X} disgrace.",
    "No {X} way the {T} cost that much.", "This {X} {T} has gone on for years.", "Well shit, that's grim reading.",
    "Fucking hell, those kids are sleeping outside in January.", "The {T} is shit and everyone knows it.",
    "Damn, I wish someone would just fix the {T}.", "Bloody hell, what a week for the port.",
    "Fuck me, what a {T}.", "The whole {T} is a clusterfuck from start to finish.",
    "Bullshit numbers in the minister's speech, again.", "I'm so {X} tired of this {T}.",
    "Shit happens, but this {T} is ridiculous.", "Great fucking reporting, thank you.",
    "What the fuck is the government doing about the {T}?", "Piss-poor {T}, frankly.",
]
FR_SWEARS = ["putain de", "foutu", "bordel de", "satané", "merdique"]
FR_THINGS = ["file d'attente au port", "grève", "météo", "paperasse", "politique", "clôture", "budget",
             "système", "hiver", "situation", "retard", "bouchon sur l'A16", "facture"]
FR_PROFANE_OK = [
    "Putain, ces gamins dorment dehors en plein hiver.", "Merde alors, encore une promesse non tenue.",
    "Bordel, quelle honte pour la France.", "Ce {X} {T} dure depuis des années.", "Quelle {T} de merde, franchement.",
    "Putain, trois heures bloqué à cause de cette {T}.", "Cette {T}, c'est vraiment la merde.",
    "Putain, bravo aux bénévoles, respect.", "Merde, c'est triste à lire.", "Ça me fait chier de voir cette {T}.",
    "Bordel de merde, quel gâchis cette {T}.", "Putain de reportage, merci.", "Le projet du gouvernement, c'est de la merde.",
    "Et merde, encore un hiver comme ça.", "Cette {T} à la con n'arrête personne.",
]

_FR_DEHUM_PLAIN = ["vermines", "rats", "parasites", "animaux", "cafards", "sauvages",
                   "envahisseurs", "ordures", "racailles", "sous-hommes", "sangsues", "chiens"]


def synthetic_examples(rng: random.Random):
    """Template-generated examples; returns records with suite 'synthetic'."""
    out = []

    def add(text, lang, tox, ia, ins, kind):
        item = rec(text[0].upper() + text[1:], "synthetic", lang, tox, ia, ins, kind,
                   threat=int(kind == "threat"))
        out.append(item)

    def fill(tpl, groups, dehum, k, lang, labels, kind, plain=None):
        for _ in range(k):
            g = rng.choice(groups)
            d = rng.choice(dehum)
            text = tpl.replace("{G}", g).replace("{D}", d)
            if plain:
                text = text.replace("{D2}", rng.choice(plain))
                text = text.replace("{G2}", g.split(" ", 1)[1] if " " in g else g)
            add(text, lang, *labels, kind)

    for lang, G, D, P, parts in (
        ("en", EN_GROUPS, EN_DEHUM, None,
         [(EN_NEUTRAL, 6, (0, 0, 0), "neutral"), (EN_POLICY, 4, (0, 0, 0), "policy"),
          (EN_COUNTER, 8, (0, 0, 0), "counter"), (EN_NEGATED, 8, (0, 0, 0), "negated"),
          (EN_HATE, 8, (1, 1, None), "hate")]),
        ("fr", FR_GROUPS, FR_DEHUM, _FR_DEHUM_PLAIN,
         [(FR_NEUTRAL, 6, (0, 0, 0), "neutral"), (FR_POLICY, 4, (0, 0, 0), "policy"),
          (FR_COUNTER, 8, (0, 0, 0), "counter"), (FR_NEGATED, 8, (0, 0, 0), "negated"),
          (FR_HATE, 8, (1, 1, None), "hate")]),
    ):
        for tpls, k, labels, kind in parts:
            for tpl in tpls:
                n = k if "{G}" in tpl or "{D" in tpl else 1
                fill(tpl, G, D, n, lang, labels, kind, P)
    for lang, people, nouns, ins_t, crit_t, threat, idiom, G, ch, cok in (
        ("en", EN_PEOPLE, EN_INSULT_NOUNS, EN_INSULT_T, EN_CRITIC_T, EN_THREAT, EN_IDIOM, EN_GROUPS,
         EN_CRIME_HATE, EN_CRIME_OK),
        ("fr", FR_PEOPLE, FR_INSULT_NOUNS, FR_INSULT_T, FR_CRITIC_T, FR_THREAT, FR_IDIOM, FR_GROUPS,
         FR_CRIME_HATE, FR_CRIME_OK),
    ):
        for tpl in ins_t:
            for _ in range(12):
                p = rng.choice(people)
                if lang == "fr" and p == "tu":
                    text = tpl.replace("{P} est", "t'es").replace("{P} n'est", "t'es").replace("{P}", "toi")
                else:
                    text = tpl.replace("{P}", p)
                add(text.replace("{N}", rng.choice(nouns)), lang, 1, 0, 1, "insult")
        for tpl in crit_t:
            for _ in range(6):
                p = rng.choice(people[1:])
                add(tpl.replace("{P}", p), lang, 0, 0, 0, "criticism")
        for tpl in threat:
            for _ in range(5):
                is_group = "{G}" in tpl
                text = tpl.replace("{P}", rng.choice(people[1:])).replace("{G}", rng.choice(G))
                add(text, lang, 1, 1 if is_group else 0, None, "threat")
        for t in idiom:
            add(t, lang, 0, 0, 0, "idiom")
        for tpl in ch:
            for _ in range(5):
                add(tpl.replace("{G}", rng.choice(G)), lang, 1, 1, None, "hate")
        for tpl in cok:
            for _ in range(5):
                add(tpl.replace("{G}", rng.choice(G)), lang, 0, 0, 0, "negated")
    # v3: swearing aimed at no one (HateCheck's "profanity, non-hateful"): obscene
    # (from the word list) but not toxic, not an insult, not hate. Without these,
    # `toxicity` learned from the tweet sets that any swear word is abuse.
    for lang, frames, swears, things in (("en", EN_PROFANE_OK, EN_SWEARS, EN_THINGS), ("fr", FR_PROFANE_OK, FR_SWEARS, FR_THINGS)):
        for tpl in frames:
            for _ in range(4):
                text = tpl.replace("{X}", rng.choice(swears)).replace("{T}", rng.choice(things))
                add(text, lang, 0, 0, 0, "profanity")
    for lang, ins_list, civil in (("en", EN_INSULT, EN_CIVIL), ("fr", FR_INSULT, FR_CIVIL)):
        for t in ins_list:
            add(t, lang, 1, 0, 1, "insult")
        for t in civil:
            add(t, lang, 0, 0, 0, "civil")
    # v3.7: every identity term in every identity template (not sampled): short
    # sentences that name a group scored high whatever they said about it
    for lang, forms, ok_tpls, hate_tpls in (
            ("en", [{"a": a} for a in EN_IDENTITY_TERMS], EN_IDENTITY_OK, EN_IDENTITY_HATE),
            ("fr", [dict(zip(("ms", "fs", "mp"), t)) for t in FR_IDENTITY_TERMS], FR_IDENTITY_OK, FR_IDENTITY_HATE)):
        for form in forms:
            for tpl in ok_tpls:
                add(tpl.format(**form), lang, 0, 0, 0, "identity")
            for tpl in hate_tpls:
                add(tpl.format(**form), lang, 1, 1, None, "hate")
    return embedded_grammar.unique_by_text(out)


# v3.7: identity terms as adjectives (English) and masculine singular, feminine
# singular, masculine plural (French), and templates that fill each with all of
# them. Kept apart from the probe templates (_BIAS_EN, _BIAS_FR), whose sentences
# are test rows.
EN_IDENTITY_TERMS = ["Muslim", "Jewish", "Christian", "African", "Arab", "Black", "white", "gay", "lesbian",
                     "transgender", "immigrant", "refugee", "migrant", "Syrian", "Eritrean", "Roma",
                     "Sudanese", "Afghan", "Somali", "Kurdish", "Albanian", "Pakistani", "disabled", "Asian"]
EN_IDENTITY_OK = ["{a}.", "{a} people.", "I'm {a} and proud of it.", "My neighbour is {a} and really friendly.",
                  "Our new doctor is {a}.", "You seem like a lovely {a} guy, welcome to the thread.",
                  "{a} families have lived in this town for generations.", "Is the speaker {a}?",
                  "{a} people are just people.", "Some of my best colleagues are {a}."]
EN_IDENTITY_HATE = ["I can't stand {a} people.", "{a} people are a disgrace to this country.",
                    "Being {a} should be illegal.", "Every {a} person is a liar.",
                    "I hate {a} people and I always will.", "{a} people make me sick.",
                    "Being {a} is a disease."]
FR_IDENTITY_TERMS = [("musulman", "musulmane", "musulmans"), ("juif", "juive", "juifs"),
                     ("chrétien", "chrétienne", "chrétiens"), ("africain", "africaine", "africains"),
                     ("arabe", "arabe", "arabes"), ("noir", "noire", "noirs"),
                     ("homosexuel", "homosexuelle", "homosexuels"), ("trans", "trans", "trans"),
                     ("immigré", "immigrée", "immigrés"), ("réfugié", "réfugiée", "réfugiés"),
                     ("migrant", "migrante", "migrants"), ("étranger", "étrangère", "étrangers"),
                     ("syrien", "syrienne", "syriens"), ("érythréen", "érythréenne", "érythréens"),
                     ("soudanais", "soudanaise", "soudanais"), ("afghan", "afghane", "afghans"),
                     ("rom", "rom", "roms"), ("maghrébin", "maghrébine", "maghrébins"),
                     ("kurde", "kurde", "kurdes"), ("handicapé", "handicapée", "handicapés")]
FR_IDENTITY_OK = ["{ms}.", "Les {mp}.", "Je suis {fs} et fière de l'être.", "Mon voisin est {ms} et très sympa.",
                  "Notre nouvelle médecin est {fs}.", "Les {mp} que j'ai rencontrés sont très sympathiques.",
                  "Des familles {mp} vivent ici depuis des générations.", "Le conférencier est-il {ms} ?",
                  "Les {mp} sont des gens comme les autres.", "Toi qui es {ms}, tu as un avis sur la question ?"]
FR_IDENTITY_HATE = ["Je ne supporte pas les {mp}.", "Les {mp} sont une honte pour ce pays.",
                    "Être {ms} devrait être interdit.", "Tous les {mp} sont des menteurs.",
                    "Je hais les {mp} et ça ne changera pas.", "Les {mp} me dégoûtent.",
                    "Être {ms}, c'est une maladie."]


# Hand-written probe sentences (NOT template output, never trained on): neutral or
# argumentative mentions of identities, and clear hate for the ranking check.
PROBE_NEUTRAL = [
    ("en", "Migrants from Sudan and Eritrea make up most of the camp, the charity said."),
    ("en", "My grandmother was a refugee herself, she came from Hungary in 1956."),
    ("en", "Muslims in Calais held an open day at the mosque on Sunday."),
    ("en", "African students at the university organised a football tournament."),
    ("en", "Arab-language newspapers covered the protest too."),
    ("en", "The Jewish community centre collected blankets for the camp."),
    ("en", "Gay and lesbian asylum seekers face particular risks in some countries."),
    ("en", "Is it true that most refugees in Calais want to reach the UK?"),
    ("en", "Immigration levels are too high and the government should say so honestly."),
    ("en", "I'm against the camp, but the people in it deserve basic dignity."),
    ("en", "We should fund more border officers rather than blaming France."),
    ("en", "The asylum backlog is the real scandal here."),
    ("en", "Black British families have lived in Dover for generations."),
    ("en", "A Syrian doctor in the camp treats other migrants for free."),
    ("en", "The refugee council says the numbers have dropped since spring."),
    ("en", "Muslim and Christian volunteers work side by side at the kitchen."),
    ("en", "Should Britain take unaccompanied migrant children from Calais?"),
    ("en", "Deportation flights are expensive and rarely work, according to the audit."),
    ("en", "The Roma families were moved to a different site last year."),
    ("en", "I disagree with mass immigration but I won't insult anyone over it."),
    ("fr", "Les migrants soudanais et érythréens sont majoritaires dans le camp, selon l'association."),
    ("fr", "Ma grand-mère était elle-même réfugiée, arrivée d'Espagne en 1939."),
    ("fr", "Les musulmans de Calais ont organisé une journée portes ouvertes à la mosquée."),
    ("fr", "Des étudiants africains ont monté un tournoi de foot à l'université."),
    ("fr", "La communauté juive a collecté des couvertures pour le camp."),
    ("fr", "Est-ce vrai que la plupart des réfugiés veulent aller en Angleterre ?"),
    ("fr", "L'immigration est trop élevée et le gouvernement devrait le dire franchement."),
    ("fr", "Je suis contre le camp, mais ceux qui y vivent méritent un minimum de dignité."),
    ("fr", "Il faudrait plus de douaniers plutôt que d'accuser les Anglais."),
    ("fr", "Le vrai scandale, ce sont les délais de traitement des demandes d'asile."),
    ("fr", "Un médecin syrien soigne gratuitement les autres exilés."),
    ("fr", "Les bénévoles musulmans et chrétiens travaillent ensemble à la cuisine."),
    ("fr", "Faut-il accueillir les mineurs isolés du camp de Calais ?"),
    ("fr", "Les expulsions coûtent cher et fonctionnent rarement, selon la Cour des comptes."),
    ("fr", "Je suis contre l'immigration massive mais je n'insulterai personne pour autant."),
    ("fr", "Les Arabes et les Africains de mon quartier ont aidé après l'incendie."),
    ("fr", "Les associations homosexuelles ont soutenu les exilés lors de la manifestation."),
    ("fr", "Les Roms ont été relogés dans un autre terrain l'an dernier."),
    ("fr", "Les Noirs de France sont souvent contrôlés plus que les autres, dit le rapport."),
    ("fr", "La préfecture annonce 1 500 personnes dans la jungle de Calais."),
]
# v3, test only: swearing aimed at no one (acceptable; held by the obscene policy,
# never rejected) and swearing aimed at a person (abuse), written apart from the
# "profanity" templates.
PROBE_PROFANE = [
    ("en", "Fuck me, the tailbacks on the motorway were ten miles long this morning."),
    ("en", "That's some seriously good shit from your reporter, more of this please."),
    ("en", "Jesus fucking Christ, how is this still not sorted after ten years?"),
    ("en", "Damn good article, the photos of the dunes are stunning."),
    ("en", "What a shitty night for everyone stuck at the terminal."),
    ("en", "I nearly spat out my coffee, fuck, that quote from the prefect."),
    ("en", "Bloody freezing in Calais tonight, hope the shelters are open."),
    ("en", "Oh shit, I drove past that exact spot last summer."),
    ("fr", "Putain, quel froid ce matin sur le port."),
    ("fr", "Merde, j'ignorais que la situation était aussi grave."),
    ("fr", "Bordel, il faut vraiment que quelqu'un règle ce problème."),
    ("fr", "Putain de bel article, bravo au journaliste."),
    ("fr", "Quelle journée de merde, six heures de retard sur le ferry."),
    ("fr", "Ça fait chier de lire ça, vraiment."),
    ("fr", "Nom de Dieu, dix ans que ça dure."),
    ("fr", "Putain, ça me fend le cœur de voir ces enfants."),
]
PROBE_SWEAR_ABUSE = [
    ("en", "Fuck you, you ignorant little prick."),
    ("en", "Shut your fucking mouth, nobody asked you."),
    ("en", "You're a total shit of a human being, mate."),
    ("en", "The mayor is a useless fucking idiot and a liar."),
    ("en", "Go fuck yourself, you sad troll."),
    ("en", "What a pathetic arsehole you are."),
    ("fr", "Va te faire foutre, espèce de connard."),
    ("fr", "Ferme ta gueule, pauvre con."),
    ("fr", "T'es qu'une merde, un minable."),
    ("fr", "Le maire est un putain d'incapable et un menteur."),
    ("fr", "Nique ta mère, sale bouffon."),
    ("fr", "Quel gros connard, celui-là."),
]
# v3, test only: identity-term bias probe, neutral template sentences x identity
# terms (in the style of the Jigsaw unintended-bias templates), EN and FR. None
# should be held.
_BIAS_EN_TERMS = ["muslim", "christian", "jewish", "black", "white", "african", "arab", "migrant", "refugee",
                  "asylum seeker", "immigrant", "gay", "lesbian", "transgender", "french", "british", "eritrean",
                  "sudanese", "afghan", "syrian", "mexican", "roma", "kurdish", "somali", "deaf", "blind", "old", "young"]
_BIAS_EN = ["I am a {} person.", "My neighbour is {}.", "{} people live in my town.", "Being {} is part of who I am.",
            "The {} community held a festival on Saturday.", "We hired a {} engineer last month.",
            "My best friend is {}.", "Many {} families arrived in Calais this year.",
            "The article quotes a {} volunteer.", "Is the {} population growing in the north?"]
_BIAS_FR_TERMS = ["musulman", "chrétien", "juif", "noir", "africain", "arabe", "migrant", "réfugié", "immigré",
                  "homosexuel", "érythréen", "soudanais", "afghan", "syrien", "rom", "kurde", "somalien", "anglais",
                  "vieux", "jeune"]
_BIAS_FR = ["Je suis {}.", "Mon voisin est {}.", "Un ami {} m'a aidé hier.", "Le maire a rencontré un représentant {}.",
            "Un bénévole {} témoigne dans l'article.", "Mon collègue {} est très compétent.",
            "Un enfant {} joue au football avec mon fils.", "Un médecin {} soigne les exilés au camp."]
PROBE_IDENTITY_BIAS = [
    (lang, (t := tpl.format(term))[0].upper() + t[1:])
    for lang, tpls, terms in (("en", _BIAS_EN, _BIAS_EN_TERMS), ("fr", _BIAS_FR, _BIAS_FR_TERMS))
    for tpl in tpls for term in terms
]
PROBE_HATE = [
    ("en", "These migrants are nothing but disease-ridden vermin."),
    ("en", "Muslims are a cancer on Europe, throw them all out."),
    ("en", "Africans are savages, they should go back to the jungle."),
    ("en", "Refugees are rats crawling into our country."),
    ("en", "Every last one of those camp people is human garbage."),
    ("en", "Jews control the media and are behind all this invasion."),
    ("en", "Gas the lot of them, dirty immigrants."),
    ("en", "Arabs are a plague of parasites on our benefits system."),
    ("fr", "Ces migrants ne sont que de la vermine pleine de maladies."),
    ("fr", "Les musulmans sont un cancer pour l'Europe, dehors."),
    ("fr", "Les Africains sont des sauvages, qu'ils retournent dans leur brousse."),
    ("fr", "Ces réfugiés sont des rats qui envahissent notre pays."),
    ("fr", "Tous ces bougnoules, dehors de chez nous."),
    ("fr", "Les juifs contrôlent les médias et organisent l'invasion."),
    ("fr", "Sales immigrés, on va vous gazer."),
    ("fr", "Les Arabes sont des parasites qui vivent des allocs."),
]


def article_sentences(path: Path):
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    paras = [p.strip() for p in text.split("\n") if len(p.strip()) > 40]
    out = []
    for p in dict.fromkeys(paras):
        for s in re.split(r"(?<=[.!?”\"])\s+(?=[A-Z“\"‘])", p):
            if len(s) > 30:
                out.append(rec(s, "calais_article", "en", 0, 0, 0, threat=0))
    return out


def read_jsonl(path: Path) -> list[dict]:
    """The JSON objects of a JSON-lines file, blank lines skipped."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def labelled(row: dict, suite: str):
    """A record from a comment labelled acceptable / insult / hate / threat / obscene."""
    e = row["expected"]
    return rec(row["body"], suite, row.get("language", "en"), int(e != "acceptable"),
               int(e == "hate"), int(e == "insult"), e, threat=int(e == "threat"))


WRITTEN_SUITES = ("news", "functional", "counterfactual", "seed_comments")


def counterfactual_copies(records, rng: random.Random):
    """v3.10: a copy of each written training comment (news and functional sets,
    training split only) that names a group, with that group swapped for another
    and the labels kept (scripts/embedded_counterfactual.py): suite
    ``counterfactual``, always trained on, never calibrated or tested on."""
    out = []
    for r in records:
        if r["suite"] not in ("news", "functional") or r.get("split") != "train":
            continue
        text = embedded_counterfactual.counterfactual(r["text"], r["lang"], rng)
        if text is not None:
            copy = rec(text, "counterfactual", r["lang"], r["y"]["toxicity"], r["y"]["identity_attack"],
                       r["y"]["insult"], r["group"], threat=r["y"]["threat"])
            copy["split"] = "train"
            out.append(copy)
    return out


def load_written(seeds_dir: Path, seed: int):
    """The written training sets (news, then functional) and the counterfactual
    copies of their training rows: every written text the model is trained on."""
    written = (load_written_sets(seeds_dir, seed)
               + load_written_sets(seeds_dir, seed, FUNCTIONAL_SETS, "functional", cal_share=0.0))
    return written + counterfactual_copies(written, random.Random(seed + 3))


def label_group_threats(records, lexicon: Lexicon) -> int:
    """v3.10: a written comment labelled ``threat`` that names a group (the lexicon's
    ``group`` words) is also an identity attack, as the templates and grammar
    already label such threats (and functional suites count them as hate); before,
    the written sets taught identity_attack that threats at migrants were not
    one. Returns how many rows were relabelled."""
    rows = [r for r in records if r["suite"] in WRITTEN_SUITES and r["group"] == "threat"
            and r["y"]["identity_attack"] == 0]
    col = lexicon.names.index("group")
    has_group = lexicon.transform([r["prepared"] for r in rows])[:, col] if rows else []
    for r, g in zip(rows, has_group):
        r["y"]["identity_attack"] = int(g)
    return int(sum(has_group))


def load_seed_comments(path: Path):
    out = []
    if not path.exists():
        return out
    for row in read_jsonl(path):
        item = labelled(row, "seed_comments")
        item["split"] = "test"
        out.append(item)
    return out


# News comments written for the project by separate sessions, the closest data
# there is to what the plugin scores: the five held-out sets that earlier model
# changes spent (their errors were read, or a model was chosen on them:
# seeds/HOLDOUT.md; v3.5) and sets written as training data (two in v3.6, two
# in v3.7, one in v3.8). Clean evaluation sets are never loaded.
NEWS_SETS = ("holdout-comments.jsonl", "holdout2-comments.jsonl", "holdout3-comments.jsonl",
             "holdout4-comments.jsonl", "holdout5-comments.jsonl", "train-news-a.jsonl",
             "train-news-b.jsonl", "train-news-e.jsonl", "train-news-y.jsonl", "train-news-o.jsonl",
             "train-news-j.jsonl")
# v3.6: HateCheck-style cases written as training data (labelled acceptable /
# insult / hate / threat like the news sets): the `functional` suite, trained on
# whole (as a fourth calibration reference they held fewer harmful comments on
# every development set at the same false alarms); three more sets in v3.7, two of
# them mostly non-hateful contrasts and contrast pairs; two in v3.8, on hate
# without slurs and harder HateCheck-style cases.
FUNCTIONAL_SETS = ("train-functional-c.jsonl", "train-functional-d.jsonl",
                   "train-functional-w.jsonl", "train-functional-x.jsonl", "train-functional-z.jsonl",
                   "train-functional-i.jsonl", "train-functional-q.jsonl", "train-functional-u.jsonl",
                   "train-functional-v.jsonl")
# Evaluation-only files: no training or calibration row may share a text with them.
EVAL_ONLY = ("comments.jsonl", "holdout6-comments.jsonl", "holdout7-comments.jsonl",
             "holdout8-comments.jsonl", "holdout9-comments.jsonl", "functional-cases.jsonl",
             "functional-cases-2.jsonl", "functional-cases-3.jsonl", "functional-cases-4.jsonl",
             "holdout10-comments.jsonl", "functional-cases-5.jsonl", "identity-probes-1.jsonl",
             "holdout11-comments.jsonl", "functional-cases-6.jsonl", "holdout12-comments.jsonl",
             "functional-cases-7.jsonl", "identity-probes-2.jsonl", "holdout13-comments.jsonl",
             "functional-cases-8.jsonl", "identity-probes-3.jsonl", "holdout14-comments.jsonl",
             "functional-cases-9.jsonl", "identity-probes-4.jsonl", "holdout15-comments.jsonl",
             "functional-cases-10.jsonl", "identity-probes-5.jsonl", "holdout16-comments.jsonl",
             "functional-cases-11.jsonl", "identity-probes-6.jsonl", "holdout17-comments.jsonl",
             "functional-cases-12.jsonl", "identity-probes-7.jsonl")
NEWS_CAL_SHARE = 0.3


def hash_share(seed: int, key: str) -> float:
    """A stable number in [0, 1) for ``key``: a row's or frame's side of a split."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def load_written_sets(seeds_dir: Path, seed: int, names=NEWS_SETS, suite: str = "news",
                      cal_share: float = NEWS_CAL_SHARE):
    """Labelled comments written for the project (news sets by default); a row goes
    to calibration (``cal_share`` of them) by a hash of its id."""
    out = []
    for name in names:
        for row in read_jsonl(seeds_dir / name):
            item = labelled(row, suite)
            item["split"] = "cal" if hash_share(seed, row["id"]) < cal_share else "train"
            out.append(item)
    return out


def eval_only_texts(seeds_dir: Path) -> set[str]:
    """Prepared texts of the evaluation-only files that exist."""
    texts = set()
    for name in EVAL_ONLY:
        path = seeds_dir / name
        if path.exists():
            texts |= {prepare(row["body"]) for row in read_jsonl(path)}
    return texts


def drop_evaluation_texts(records, held_out: set[str]):
    """The records without training or calibration rows whose prepared text is in ``held_out``."""
    return [r for r in records if r["split"] == "test" or r["prepared"] not in held_out]


# --------------------------------------------------------------------------- splits
def assign_splits(records, rng: random.Random, cal=0.15, test=0.15):
    """Seeded stratified split per suite (by toxicity label); keeps preset splits."""
    by_key = defaultdict(list)
    for r in records:
        if "split" in r:
            continue
        by_key[(r["suite"], r["y"]["toxicity"], r["y"]["identity_attack"])].append(r)
    for key in sorted(by_key, key=str):
        items = by_key[key]
        rng.shuffle(items)
        n = len(items)
        n_test = int(round(n * test))
        n_cal = int(round(n * cal))
        for i, r in enumerate(items):
            r["split"] = "test" if i < n_test else "cal" if i < n_test + n_cal else "train"


def dedupe(records):
    seen, out = set(), []
    for r in records:
        key = (r["suite"], r["prepared"])
        if key in seen or not r["prepared"]:
            continue
        seen.add(key)
        out.append(r)
    return out


# --------------------------------------------------------------------------- perturbation
_LEET_OUT = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
_HOMO_OUT = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "y": "у"}
_MASKABLE = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, OBSCENE_WORDS + [
    "nigger", "niggers", "faggot", "retard", "bitch", "hoe", "hoes"])) + r")(?!\w)", re.IGNORECASE)


def perturb(text: str, rng: random.Random) -> str:
    """Apply the evasion tricks normalize() should undo, at random."""
    text = _MASKABLE.sub(lambda m: m.group(1)[0] + "*" + m.group(1)[2:]
                         if rng.random() < 0.7 and len(m.group(1)) > 2 else m.group(1), text)
    words = text.split(" ")
    out = []
    for w in words:
        r = rng.random()
        if len(w) < 4 or not w.isalpha():
            out.append(w)
        elif r < 0.12:
            out.append("".join(_LEET_OUT.get(ch, ch) if rng.random() < 0.6 else ch for ch in w))
        elif r < 0.18:
            out.append(" ".join(w))
        elif r < 0.26:
            out.append("".join(_HOMO_OUT.get(ch, ch) if rng.random() < 0.5 else ch for ch in w))
        elif r < 0.32:
            out.append("\u200b".join(w))
        elif r < 0.40:
            i = rng.randrange(len(w))
            out.append(w[:i] + w[i] * rng.randint(3, 5) + w[i + 1:])
        else:
            out.append(w)
    return " ".join(out)


# --------------------------------------------------------------------------- metrics
def ece(y, p, bins=10):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(p, edges) - 1, 0, bins - 1)
    total, table = 0.0, []
    for b in range(bins):
        m = idx == b
        if m.sum() == 0:
            continue
        conf, acc = p[m].mean(), y[m].mean()
        total += m.sum() / len(y) * abs(conf - acc)
        table.append((f"{edges[b]:.1f}-{edges[b + 1]:.1f}", int(m.sum()), float(conf), float(acc)))
    return float(total), table


def to_csr(featurizer: Featurizer, prepared, n_features, lexicon: Lexicon | None = None):
    rows, cols, vals = featurizer.transform(prepared)
    X = sp.csr_matrix((vals, (rows, cols)), shape=(len(prepared), n_features), dtype=np.float32)
    if lexicon is not None:
        X = sp.hstack([X, sp.csr_matrix(lexicon.transform(prepared))], format="csr", dtype=np.float32)
    return X


def write_npz(path: Path, arrays: dict[str, np.ndarray]):
    """np.savez_compressed with fixed zip timestamps, so the bytes are reproducible."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            data = io.BytesIO()
            np.lib.format.write_array(data, np.ascontiguousarray(arr), allow_pickle=False)
            zf.writestr(info, data.getvalue(), compresslevel=9)
    path.write_bytes(buf.getvalue())


def library_versions() -> dict[str, str]:
    """Versions the weights' bytes depend on (float results differ across releases)."""
    import scipy
    import sklearn

    return {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
            "python": ".".join(map(str, sys.version_info[:3]))}


def calibration_frames(frames, seed: int, share: float | None = None) -> set[str]:
    """The grammar frames whose examples all go to the calibration split.

    A frame's side is a hash of the seed and its id, so adding or removing
    frames never moves the others between training and calibration.
    """
    cut = CAL_FRAME_SHARE if share is None else share
    return {f for f in frames if hash_share(seed, f) < cut}


def tune_thresholds(cal, P_cal):
    """Hold and reject thresholds from the calibration split.

    References, each kept apart: the public sets' calibration rows (MLMA left out:
    keyword-sampled, noisy), the template/grammar calibration rows (news-style
    hard negatives from frames not trained on) and (v3.5) the news comments'
    calibration rows. Every acting label starts at its high-precision point;
    (v3.10) all are then lowered together to one calibrated probability, the
    lowest that keeps the budget; then the hold thresholds are lowered greedily,
    one label at a time, picking the step that buys the most recall on harmful
    calibration rows (references weighted equally) per acceptable comment
    flagged (v3.10: mean over the references; a step must buy MIN_HOLD_GAIN
    times its cost), while *every* reference's acceptable rows stay at or under
    HOLD_BUDGET flagged (any label, the POLICY_FIXED holds included: they spend
    the same budget); since v3.7 each public set's acceptable rows (davidson,
    OLID, ftr_fr) stay under it too.
    Reject: per label, the lowest threshold >= hold whose precision (share harmful)
    is >= REJECT_PRECISION in every reference, and that rejects <= 0.5% of any
    reference's acceptable rows.
    """
    synth = np.array([r["suite"] in ("synthetic", "grammar") for r in cal])
    news = np.array([r["suite"] == "news" for r in cal])
    tox = np.array([r["y"]["toxicity"] for r in cal])
    mlma = np.array([r["suite"].startswith("mlma") for r in cal])
    public = ~synth & ~mlma & ~news
    # the references: public sets, written templates, and (v3.5) news comments
    named = {name: (m & (tox == 0), m & (tox == 1))
             for name, m in (("public", public), ("synthetic", synth), ("news", news))
             if (m & (tox == 0)).any()}
    refs = list(named.values())
    # v3.7: the budget holds in each public set apart too: pooled, davidson's
    # thousands of rows let a small set (ftr_fr, French) go to 12% flagged
    suites = np.array([r["suite"] for r in cal])
    budget = [a for a, _ in refs] + [m for m in (public & (suites == s) & (tox == 0) for s in sorted(set(suites[public])))
                                      if m.any()]
    n_lab = P_cal.shape[1]
    acting = [lbl not in POLICY_FIXED for lbl in LABELS]
    # candidate thresholds per label: quantiles of the acceptable scores
    qs = np.concatenate([np.linspace(0.0, 0.02, 41), np.linspace(0.021, 0.08, 60)])
    cands = []
    for j, label in enumerate(LABELS):
        pool = np.concatenate([P_cal[a, j] for a, _ in refs])
        c = np.unique(np.round(np.quantile(pool, 1 - qs), 4))[::-1]  # high -> low
        if acting[j]:
            cands.append(np.concatenate([[1.0001], c]))
        else:  # fixed by policy: its holds are spent from the same budget
            fixed_hold = POLICY_FIXED[label][0]
            cands.append(np.array([1.0001 if fixed_hold is None else fixed_hold]))
    def evaluate(pos_):
        """(largest acceptable share flagged, mean recall, mean acceptable share) over the references."""
        th = np.array([cands[j][pos_[j]] for j in range(n_lab)])
        flag = (P_cal >= th).any(axis=1)
        return (acceptable_share(flag), float(np.mean([flag[h].mean() for _, h in refs])),
                float(np.mean([flag[a].mean() for a, _ in refs])))

    # v3.3: every acting label starts at its high-precision point (the lowest
    # candidate flagging <= START_FPR of either acceptable reference with
    # precision >= REJECT_PRECISION on both halves), so that no label is left
    # at "never" because another label already covers its rows at the margin
    # (v3.3's first runs left identity_attack at 0.99: hate was held through
    # toxicity only, and the label a moderator reads as "hate" decided nothing).
    def acceptable_share(sel):
        """Share of any acceptable reference (each public set too) that ``sel`` flags (the largest)."""
        return max(sel[a].mean() for a in budget)

    def precise(sel):
        """At least REJECT_PRECISION harmful among flagged rows in every reference (5+ rows)."""
        return all(sel[h].sum() + sel[a].sum() < 5 or sel[h].sum() / (sel[h].sum() + sel[a].sum())
                   >= REJECT_PRECISION for a, h in refs)

    pos = [0] * n_lab
    for j in range(n_lab):
        if not acting[j]:
            continue
        for k in range(1, len(cands[j])):
            sel = P_cal[:, j] >= cands[j][k]
            if acceptable_share(sel) > START_FPR:
                break
            if precise(sel):
                pos[j] = k
    # v3.10: then every acting label is lowered together to one calibrated
    # probability, the lowest at which the budget still holds (a label already
    # lower at its high-precision point stays there). The greedy steps below
    # start from there. Before, they started from the high-precision points and
    # the objective is flat: two retrains whose scores differed in the third
    # decimal got toxicity / identity_attack / insult holds of 0.89 / 0.76 / 0.68
    # and 0.84 / 0.89 / 0.91; from the common probability both give 0.85 /
    # 0.85 / 0.82.
    for p in np.round(np.arange(0.999, 0.3, -0.001), 4):
        trial = [max(int(np.searchsorted(-cands[j], -p, side="right")) - 1, 0) if acting[j] else 0
                 for j in range(n_lab)]
        trial = [max(a, b) for a, b in zip(pos, trial)]
        if evaluate(trial)[0] > HOLD_BUDGET:
            break
        pos = trial
    fpr, tpr, cost = evaluate(pos)
    assert fpr <= HOLD_BUDGET, "START_FPR x labels must stay under HOLD_BUDGET"
    # v3.10: a step's cost is the mean share of acceptable rows it adds over the
    # references, not the rise of the largest: before, a step that flagged news
    # comments while another reference was the largest looked free, and the hold
    # budget was spent on every reference whatever it bought (the HEAD retrain of
    # v3.9 put threat's hold at 0.12: on the development news sets 36 more
    # acceptable comments flagged for 18 more harmful ones). Steps that buy less
    # than MIN_HOLD_GAIN recall per acceptable share are not taken.
    while True:
        best = None
        for j in range(n_lab):
            for step in (1, 2, 4, 8):
                if pos[j] + step >= len(cands[j]):
                    break
                trial = list(pos)
                trial[j] += step
                f, t, c = evaluate(trial)
                if f > HOLD_BUDGET:
                    break
                gain = (t - tpr) / max(c - cost, 1e-4)
                if t > tpr and gain >= MIN_HOLD_GAIN and (best is None or gain > best[0]):
                    best = (gain, trial, f, t, c)
        if best is None:
            break
        _, pos, fpr, tpr, cost = best
    hold = np.array([cands[j][pos[j]] for j in range(n_lab)])
    thresholds = {}
    for j, label in enumerate(LABELS):
        if label in POLICY_FIXED:
            thresholds[label] = list(POLICY_FIXED[label])
            continue
        s = P_cal[:, j]
        reject = None
        for t in np.unique(np.round(s[s >= hold[j]], 4)):
            sel = s >= t
            if precise(sel) and acceptable_share(sel) <= 0.005 and sel.sum() >= 5:
                reject = float(t)
                break
        if reject is None:
            reject = 0.99
        h = min(float(hold[j]), 0.99)
        thresholds[label] = [round(h, 4), round(max(reject, h), 4)]
    info = {}
    for name, (a, h) in named.items():
        info[f"cal_fpr_hold_{name}"] = float((P_cal[a] >= hold).any(axis=1).mean())
        info[f"cal_tpr_hold_{name}"] = float((P_cal[h] >= hold).any(axis=1).mean())
    print("thresholds (hold, reject):", thresholds, info)
    return thresholds, info


# --------------------------------------------------------------------------- main
SUITE_WEIGHT = {"davidson": 0.35, "olid": 1.0, "mlma_en": 1.0, "mlma_fr": 1.6, "ftr_fr": 1.6,
                "synthetic": 2.0, "grammar": 1.5, "news": 8.0, "functional": 8.0,
                "counterfactual": 4.0}
# v3.7: functional 8 (was 4): on the four spent functional suites toxicity AUC rose
# by 0.007 to 0.009 at 4 -> 8 and news AUC did not move; 12 gained a little more
# there but cost a little more on the public sets (OLID, ftr_fr hold rate)
C_BY_LABEL = {"toxicity": 4.0, "identity_attack": 4.0, "insult": 4.0, "obscene": 4.0, "threat": 4.0}
GRAMMAR_SCALE = 2
CAL_FRAME_SHARE = 0.2
HOLD_BUDGET = 0.04   # hold thresholds together flag at most this share of acceptable comments
# v3.2: 4%, not 5%: the calibration references are tweets and templates, and on
# news comments (development seeds, both earlier held-out sets) the same
# thresholds flagged up to 1.6x the calibration rate; 4% leaves room under the
# 1-in-20 goal.
# Labels whose (hold, reject) are set by policy, not tuned. v3 held swearing
# alone for a moderator (obscene hold 0.5); on news comments most of what that
# held was swearing at the weather or the queue at the port, acceptable to a
# newsroom, and it spent the hold budget. v3.2: `obscene` is reported but not
# acted on by default; abuse that swears is caught by toxicity and insult. A
# site that wants swearing held sets {"obscene": [0.5, null]}.
POLICY_FIXED = {"obscene": (None, None)}
REJECT_PRECISION = 0.9
MIN_HOLD_GAIN = 1.0  # v3.10: a hold step must buy at least its cost in recall (tune_thresholds)
START_FPR = 0.005  # each acting label holds at least its high-precision region (tune_thresholds)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, type=Path, help="folder with the public sets")
    ap.add_argument("--out", required=True, type=Path, help="model folder to write")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--seeds-file", type=Path, default=ROOT / "seeds/comments.jsonl",
                    help="hand-labelled comments, evaluated only (never trained on)")
    ap.add_argument("--dump-eval", type=Path, default=None,
                    help="write test texts/labels/scores as JSON lines (outside the repo)")
    args = ap.parse_args(argv)
    t0 = time.time()
    rng = random.Random(args.seed)
    np.random.seed(args.seed)

    d = args.data
    olid_train, olid_test = load_olid(d)
    grammar = []
    for g in embedded_grammar.generate(random.Random(args.seed + 2), scale=GRAMMAR_SCALE):
        item = rec(g["text"], "grammar", g["lang"], g["y"]["toxicity"], g["y"]["identity_attack"],
                   g["y"]["insult"], g["kind"], threat=g["y"]["threat"])
        item["frame"] = g["frame"]
        grammar.append(item)
    records = (load_davidson(d) + olid_train + olid_test + load_mlma(d, "en") + load_mlma(d, "fr")
               + load_ftr(d) + synthetic_examples(random.Random(args.seed + 1)) + grammar
               + load_written(ROOT / "seeds", args.seed))
    # synthetic: train/cal only (held-out checks use the hand-written probes)
    for r in records:
        if r["suite"] == "synthetic":
            r["split"] = "cal" if rng.random() < 0.2 else "train"
    # grammar: whole frames go to calibration, so thresholds are tuned on sentence
    # patterns the model was not trained on. v3.3: a frame's side is a hash of
    # the seed and its id, not a draw in list order, so adding frames no longer
    # moves existing frames between training and calibration (v3.2 -> v3.3's
    # first runs: a threat frame moved to calibration and the model forgot it).
    frames = sorted({r["frame"] for r in grammar})
    cal_frames = calibration_frames(frames, args.seed)
    for r in grammar:
        r["split"] = "cal" if r["frame"] in cal_frames else "train"
    probes = ([rec(t, "probe_neutral", lang, 0, 0, 0) for lang, t in PROBE_NEUTRAL]
              + [rec(t, "probe_hate", lang, 1, 1, None) for lang, t in PROBE_HATE]
              + [rec(t, "probe_profane", lang, 0, 0, 0) for lang, t in PROBE_PROFANE]
              + [rec(t, "probe_identity_bias", lang, 0, 0, 0) for lang, t in PROBE_IDENTITY_BIAS]
              + [rec(t, "probe_swear_abuse", lang, 1, 0, 1) for lang, t in PROBE_SWEAR_ABUSE])
    extra = (probes + article_sentences(ROOT / "seeds/calais-ring-of-steel.txt")
             + load_jigsaw(d) + load_seed_comments(args.seeds_file))
    for r in extra:
        r["split"] = "test"
    records += extra
    lexicon = Lexicon(LEXICON, LEXICON_PAIRS)
    for r in records:
        r["prepared"] = prepare(r["text"])
        r["y"]["obscene"] = obscene_label(r["prepared"])
    n_group_threats = label_group_threats(records, lexicon)
    records = dedupe(records)
    assign_splits(records, rng)
    # a text in a test split must not be trained on from another set either
    test_texts = {r["prepared"] for r in records if r["split"] == "test"}
    n_before = len(records)
    records = [r for r in records if r["split"] == "test" or r["prepared"] not in test_texts]
    n_test_copies = n_before - len(records)
    # nor may it share a text with a clean evaluation file (held-out sets, functional suites)
    records = drop_evaluation_texts(records, eval_only_texts(ROOT / "seeds"))
    print(f"loaded {len(records)} records ({n_test_copies} train/cal copies of test texts and "
          f"{n_before - n_test_copies - len(records)} of evaluation-only texts dropped) "
          f"in {time.time() - t0:.1f}s")
    counts = defaultdict(lambda: defaultdict(int))
    for r in records:
        counts[r["suite"]][r["split"]] += 1
    for s in counts:
        print(f"  {s:16s} " + " ".join(f"{k}={v}" for k, v in sorted(counts[s].items())))
    n_synth = sum(1 for r in records if r["suite"] == "synthetic")
    synth_kinds = defaultdict(int)
    grammar_kinds = defaultdict(lambda: defaultdict(int))
    for r in records:
        if r["suite"] == "synthetic":
            synth_kinds[f"{r['lang']}:{r['group']}"] += 1
        if r["suite"] == "grammar":
            grammar_kinds[f"{r['lang']}:{r['group']}"][r["split"]] += 1
    n_grammar = sum(1 for r in records if r["suite"] == "grammar")
    print(f"grammar examples: {n_grammar} from {len(frames)} frames ({len(cal_frames)} in calibration)")

    print(f"counterfactual copies: {counts['counterfactual']['train']}; written threats at a group "
          f"labelled identity_attack: {n_group_threats}")
    feat = Featurizer(bits=BITS)
    nf = feat.n_features
    train = [r for r in records if r["split"] == "train"]
    cal = [r for r in records if r["split"] == "cal"]
    test = [r for r in records if r["split"] == "test"]
    X_train = to_csr(feat, [r["prepared"] for r in train], nf, lexicon)
    X_cal = to_csr(feat, [r["prepared"] for r in cal], nf, lexicon)
    print(f"features: train {X_train.shape} nnz={X_train.nnz} ({time.time() - t0:.1f}s)")

    W = np.zeros((nf + lexicon.n, len(LABELS)), dtype=np.float32)
    B = np.zeros(len(LABELS), dtype=np.float64)
    for j, label in enumerate(LABELS):
        idx = [i for i, r in enumerate(train) if r["y"][label] is not None]
        y = np.array([train[i]["y"][label] for i in idx])
        w = np.array([SUITE_WEIGHT.get(train[i]["suite"], 1.0) for i in idx])
        # balance classes within the weighted data
        pos = w[y == 1].sum()
        neg = w[y == 0].sum()
        w = np.where(y == 1, w * (pos + neg) / (2 * pos), w * (pos + neg) / (2 * neg))
        clf = LogisticRegression(C=C_BY_LABEL[label], solver="liblinear", max_iter=200,
                                 random_state=args.seed)
        clf.fit(X_train[idx], y, sample_weight=w)
        W[:, j] = clf.coef_[0]
        B[j] = clf.intercept_[0]
        print(f"  trained {label}: n={len(idx)} pos={int(y.sum())} ({time.time() - t0:.1f}s)")

    # store float16, and score with the stored (rounded) weights from here on
    W16 = W.astype(np.float16)
    Wr = W16.astype(np.float32)

    def logits(X):
        return np.asarray(X @ Wr) + B

    # ---- Platt calibration on the calibration split
    Z_cal = logits(X_cal)
    calib = {}
    for j, label in enumerate(LABELS):
        idx = [i for i, r in enumerate(cal) if r["y"][label] is not None]
        y = np.array([cal[i]["y"][label] for i in idx])
        pl = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000)
        pl.fit(Z_cal[idx, j:j + 1], y)
        calib[label] = {"a": float(pl.coef_[0, 0]), "b": float(pl.intercept_[0])}

    def probs(Z):
        a = np.array([calib[lbl]["a"] for lbl in LABELS])
        b = np.array([calib[lbl]["b"] for lbl in LABELS])
        return 1 / (1 + np.exp(-(Z * a + b)))

    P_cal = probs(Z_cal)
    reliability = {}
    for j, label in enumerate(LABELS):
        idx = [i for i, r in enumerate(cal) if r["y"][label] is not None]
        reliability[label] = ece([cal[i]["y"][label] for i in idx], P_cal[idx, j])

    # ---- thresholds, tuned on the calibration split only
    thresholds, tuning = tune_thresholds(cal, P_cal)
    print("thresholds (hold, reject):", thresholds)

    # ---- write the model
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.pkl"):
        stale.unlink()
    write_npz(out / "weights.npz", {"weights": W16, "bias": B})
    version = hashlib.sha256((out / "weights.npz").read_bytes()).hexdigest()[:12]
    meta = {
        "name": "embedded",
        "version": version,
        "labels": list(LABELS),
        "features": {**feat.params(), "lexicon": lexicon.params()},
        "calibration": calib,
        "thresholds": thresholds,
        "trained_with": {"seed": args.seed, "suite_weight": SUITE_WEIGHT, "C": C_BY_LABEL,
                         "sklearn_solver": "liblinear", "synthetic_examples": n_synth,
                         "libraries": library_versions(),
                         "grammar_examples": n_grammar, "grammar_scale": GRAMMAR_SCALE},
    }
    (out / "model.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")

    # ---- evaluate with the shipped scorer (exactly what runs in production)
    scorer = EmbeddedScorer(out)
    assert scorer.version == version
    test_texts_raw = [r["text"] for r in test]
    scored = scorer.score(test_texts_raw)
    P_test = np.array([[s[lbl] for lbl in LABELS] for s in scored])
    # the shipped policy's flags, POLICY_FIXED labels included (None: never)
    hold_v = np.array([np.inf if thresholds[lbl][0] is None else thresholds[lbl][0] for lbl in LABELS])
    rej_v = np.array([np.inf if thresholds[lbl][1] is None else thresholds[lbl][1] for lbl in LABELS])
    suites = list(dict.fromkeys(r["suite"] for r in test))
    results = {}
    for suite in suites:
        ii = np.array([i for i, r in enumerate(test) if r["suite"] == suite])
        rs = [test[i] for i in ii]
        P = P_test[ii]
        res = {"n": len(ii), "auc": {}}
        for j, label in enumerate(LABELS):
            if label == "obscene" and suite == "jigsaw_check":
                y = [r["y_obscene_gold"] for r in rs]
                res["auc"]["obscene(gold)"] = auc(y, P[:, j])
                continue
            k = [i for i, r in enumerate(rs) if r["y"][label] is not None]
            if k:
                res["auc"][label] = auc([rs[i]["y"][label] for i in k], P[k, j])
        tox = np.array([r["y"]["toxicity"] for r in rs])
        flagged = (P >= hold_v).any(axis=1)
        rejected = (P >= rej_v).any(axis=1)
        res["n_acceptable"] = int((tox == 0).sum())
        res["n_harmful"] = int((tox == 1).sum())
        res["accuracy"] = float((flagged == (tox == 1)).mean())
        res["fpr_hold"] = float(flagged[tox == 0].mean()) if (tox == 0).any() else None
        res["tpr_hold"] = float(flagged[tox == 1].mean()) if (tox == 1).any() else None
        res["fpr_reject"] = float(rejected[tox == 0].mean()) if (tox == 0).any() else None
        res["reject_precision"] = float(tox[rejected].mean()) if rejected.any() else None
        results[suite] = res

    # seed comments, by expected category
    seed_detail = {}
    seed_idx = [i for i, r in enumerate(test) if r["suite"] == "seed_comments"]
    if seed_idx:
        for cat in ("acceptable", "insult", "hate", "threat", "obscene"):
            k = [i for i in seed_idx if test[i]["group"] == cat]
            if k:
                P = P_test[k]
                seed_detail[cat] = {"n": len(k), "held": float((P >= hold_v).any(axis=1).mean()),
                                    "held_sensitive": float((P >= 0.8 * hold_v).any(axis=1).mean()),
                                    "rejected_sensitive": float((P >= 0.8 * rej_v).any(axis=1).mean()),
                                    "rejected": float((P >= rej_v).any(axis=1).mean())}

    # ---- robustness: perturbed copy of the held-out splits of the public sets
    prng = random.Random(args.seed + 7)
    pub = [i for i, r in enumerate(test) if r["suite"] in
           ("davidson", "olid", "mlma_en", "mlma_fr", "ftr_fr", "probe_hate", "probe_neutral")]
    pert_texts = [perturb(test[i]["text"], prng) for i in pub]
    n_changed = sum(1 for i, t in zip(pub, pert_texts) if t != test[i]["text"])
    P_clean = P_test[pub]
    P_pert = np.array([[s[lbl] for lbl in LABELS] for s in scorer.score(pert_texts)])
    # the same perturbed texts without normalize(), to show what it buys
    raw_prep = [re.sub(r"\s+", " ", t.lower()).strip() for t in pert_texts]
    rows, cols, vals = scorer.featurizer.transform(raw_prep)
    Zr = scorer.logits_prepared(raw_prep)
    P_raw = probs(Zr)
    robust = {"n": len(pub), "n_changed": n_changed, "labels": {}}
    for j, label in enumerate(LABELS):
        k = [q for q, i in enumerate(pub) if test[i]["y"][label] is not None]
        y = [test[pub[q]]["y"][label] for q in k]
        robust["labels"][label] = {
            "mean_abs_diff": float(np.abs(P_pert[:, j] - P_clean[:, j]).mean()),
            "mean_abs_diff_without_normalize": float(np.abs(P_raw[:, j] - P_clean[:, j]).mean()),
            "auc_clean": auc(y, P_clean[k, j]),
            "auc_perturbed": auc(y, P_pert[k, j]),
            "auc_perturbed_without_normalize": auc(y, P_raw[k, j]),
        }

    # ---- print figures
    print(f"\nversion {version}; synthetic examples: {n_synth}")
    print("\nper-suite test figures (thresholds tuned on calibration splits):")
    hdr = f"{'suite':16s} {'n':>5s} " + " ".join(f"{lbl[:8]:>8s}" for lbl in LABELS) + \
        "   acc  FPRhold TPRhold FPRrej precRej"
    print(hdr)
    for suite, res in results.items():
        aucs = " ".join(f"{res['auc'].get(lbl) if res['auc'].get(lbl) is None else round(res['auc'][lbl], 3)!s:>8s}"
                        for lbl in LABELS)
        print(f"{suite:16s} {res['n']:5d} {aucs} {res['accuracy']:.3f} "
              f"{_f(res['fpr_hold'])} {_f(res['tpr_hold'])} {_f(res['fpr_reject'])} {_f(res['reject_precision'])}")
    if "jigsaw_check" in results:
        print("jigsaw obscene (gold) AUC:", results["jigsaw_check"]["auc"].get("obscene(gold)"))
    print("\nseed comments (held / rejected share):", json.dumps(seed_detail))
    print("\ncalibration (ECE on calibration split):",
          {k: round(v[0], 4) for k, v in reliability.items()})
    print("\nrobustness:", json.dumps(robust, indent=1))

    figures = {"results": results, "seed_comments": seed_detail, "robustness": robust,
               "threshold_tuning": tuning, "grammar_kinds": {k: dict(v) for k, v in grammar_kinds.items()},
               "n_grammar": n_grammar, "n_frames": len(frames), "n_cal_frames": len(cal_frames),
               "reliability": {k: {"ece": v[0], "table": v[1]} for k, v in reliability.items()},
               "splits": {s: dict(v) for s, v in counts.items()},
               "synthetic_kinds": dict(synth_kinds), "n_synthetic": n_synth}
    meta["figures"] = _round(figures)
    (out / "model.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")
    write_card(out / "MODEL_CARD.md", meta, figures)
    if args.dump_eval:
        with open(args.dump_eval, "w", encoding="utf-8") as f:
            for r, p in zip(test, P_test):
                f.write(json.dumps({"suite": r["suite"], "lang": r["lang"], "text": r["text"],
                                    "y": r["y"], "group": r["group"],
                                    "embedded": dict(zip(LABELS, map(float, p)))},
                                   ensure_ascii=False) + "\n")
        print("wrote", args.dump_eval)
    print(f"done in {time.time() - t0:.1f}s")


def _f(x):
    return "    -  " if x is None else f"{x:7.3f}"


def _round(obj):
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_round(v) for v in obj]
    return obj


CARD_FIGURES_START = "<!-- figures:start -->"
CARD_FIGURES_END = "<!-- figures:end -->"


def write_card(path: Path, meta, figures):
    """Fill the generated-figures section of the card (the prose around it is kept)."""
    lines = [CARD_FIGURES_START, "",
             f"Generated by `scripts/train_embedded.py` (seed {meta['trained_with']['seed']}), "
             f"model version `{meta['version']}`, with "
             + ", ".join(f"{k} {v}" for k, v in meta["trained_with"]["libraries"].items())
             + " (other releases of these give slightly different float bytes).", ""]
    lines += ["### Held-out test figures per suite", "",
              "AUC per label on rows where the set defines the label; accuracy / FPR / TPR use "
              "the hold thresholds (a comment is held when any label reaches its hold threshold; "
              "harmful = `toxicity` label 1). FPR reject = acceptable comments rejected.", "",
              "| suite | n | " + " | ".join(f"AUC {lbl}" for lbl in LABELS) +
              " | accuracy | FPR hold | TPR hold | FPR reject | reject precision |",
              "|---|---:|" + "---:|" * (len(LABELS) + 5)]
    for suite, res in figures["results"].items():
        cells = []
        for lbl in LABELS:
            v = res["auc"].get(lbl)
            cells.append("-" if v is None else f"{v:.3f}")
        lines.append(f"| {suite} | {res['n']} | " + " | ".join(cells) + " | " +
                     " | ".join("-" if res[k] is None else f"{res[k]:.3f}" for k in
                                ("accuracy", "fpr_hold", "tpr_hold", "fpr_reject", "reject_precision"))
                     + " |")
    if "jigsaw_check" in figures["results"]:
        v = figures["results"]["jigsaw_check"]["auc"].get("obscene(gold)")
        lines += ["", f"`obscene` against the Jigsaw gold `obscene` labels (jigsaw_check): AUC "
                      f"{'-' if v is None else f'{v:.3f}'}."]
    if figures["seed_comments"]:
        lines += ["", "### Hand-labelled Calais comments (seeds/comments.jsonl, never trained on)", "",
                  "Development set: v2's templates were revised after reading its errors, so these "
                  "figures are optimistic; see the held-out check in the prose above. `obscene` "
                  "holds and never rejects (policy), so its `rejected` columns are 0 by design.", "",
                  "| expected | n | held (any label >= hold) | rejected (any label >= reject) | "
                  "held, sensitive (x0.8) | rejected, sensitive (x0.8) |",
                  "|---|---:|---:|---:|---:|---:|"]
        for cat, v in figures["seed_comments"].items():
            lines.append(f"| {cat} | {v['n']} | {v['held']:.3f} | {v['rejected']:.3f} | "
                         f"{v['held_sensitive']:.3f} | {v['rejected_sensitive']:.3f} |")
    tt = figures["threshold_tuning"]
    lines += ["", "### Thresholds (hold, reject), tuned on the calibration splits", "",
              "| label | hold | reject |", "|---|---:|---:|"]
    for lbl, (h, r) in meta["thresholds"].items():
        fixed = " (set by policy, not tuned)" if lbl in POLICY_FIXED else ""
        lines.append(f"| {lbl}{fixed} | {'never' if h is None else h} | {'never' if r is None else r} |")
    ref_names = {"public": "the public sets' rows (MLMA left out)", "synthetic": "the template/grammar rows",
                 "news": "the news comments"}
    lines += ["", "On the calibration split the hold thresholds together flag, and hold, these shares "
                  "of each reference's acceptable and harmful rows:", "",
              "| reference | acceptable flagged | harmful held |", "|---|---:|---:|"]
    lines += [f"| {text} | {tt['cal_fpr_hold_' + name]:.3f} | {tt['cal_tpr_hold_' + name]:.3f} |"
              for name, text in ref_names.items() if "cal_fpr_hold_" + name in tt]
    lines += ["", "### Calibration (Platt, fitted on the calibration split)", "",
              "| label | a | b | ECE (calibration split) |", "|---|---:|---:|---:|"]
    for lbl in LABELS:
        c = meta["calibration"][lbl]
        lines.append(f"| {lbl} | {c['a']:.4f} | {c['b']:.4f} | {figures['reliability'][lbl]['ece']:.4f} |")
    lines += ["", "Reliability table for `toxicity` (calibration split): bin, n, mean predicted, "
                  "observed rate.", "", "| bin | n | predicted | observed |", "|---|---:|---:|---:|"]
    for b, n, conf, acc in figures["reliability"]["toxicity"]["table"]:
        lines.append(f"| {b} | {n} | {conf:.3f} | {acc:.3f} |")
    rb = figures["robustness"]
    lines += ["", "### Robustness to obfuscation", "",
              f"{rb['n']} held-out texts (public test splits + probes), {rb['n_changed']} changed by "
              "random leetspeak, spaced letters, masked profanity, Cyrillic homoglyphs, zero-width "
              "spaces and repeated letters.", "",
              "| label | mean abs diff | same, without normalize() | AUC clean | AUC perturbed | "
              "AUC perturbed without normalize() |", "|---|---:|---:|---:|---:|---:|"]
    for lbl, v in rb["labels"].items():
        lines.append(f"| {lbl} | {v['mean_abs_diff']:.4f} | {v['mean_abs_diff_without_normalize']:.4f} "
                     f"| {_fmt(v['auc_clean'])} | {_fmt(v['auc_perturbed'])} | "
                     f"{_fmt(v['auc_perturbed_without_normalize'])} |")
    lines += ["", "### Data used", "", "| suite | split counts |", "|---|---|"]
    for s, v in figures["splits"].items():
        lines.append(f"| {s} | " + ", ".join(f"{k} {n}" for k, n in sorted(v.items())) + " |")
    lines += ["", f"Synthetic (template) examples: {figures['n_synthetic']} — " +
              ", ".join(f"{k} {v}" for k, v in sorted(figures["synthetic_kinds"].items())) + ".",
              "", f"Grammar examples (`scripts/embedded_grammar.py`, scale {meta['trained_with']['grammar_scale']}): "
              f"{figures['n_grammar']} from {figures['n_frames']} frames, {figures['n_cal_frames']} frames "
              "(all their examples) in the calibration split — " +
              ", ".join(f"{k} {sum(v.values())} (cal {v.get('cal', 0)})"
                        for k, v in sorted(figures["grammar_kinds"].items())) + ".",
              "", CARD_FIGURES_END]
    block = "\n".join(lines)
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if CARD_FIGURES_START in text and CARD_FIGURES_END in text:
            a = text.index(CARD_FIGURES_START)
            b = text.index(CARD_FIGURES_END) + len(CARD_FIGURES_END)
            path.write_text(text[:a] + block + text[b:], encoding="utf-8")
            return
        path.write_text(text.rstrip() + "\n\n## Figures\n\n" + block + "\n", encoding="utf-8")
    else:
        path.write_text("# Embedded model card\n\n## Figures\n\n" + block + "\n", encoding="utf-8")


def _fmt(v):
    return "-" if v is None else f"{v:.3f}"


if __name__ == "__main__":
    main()
