"""Resolve typed Dutch text to (intent, slots) using only the interaction model.

A local stand-in for Alexa's language understanding, used by ``rugadvies chat``,
``rugadvies eval`` and the page's question field. It knows nothing but the model JSON: the intents'
sample utterances and the slot types' values and synonyms.

Method (every table is built once, in the constructor):

* Rejoin: a word a speech recogniser heard in pieces ("lum ba go", "para ceta mol") is made whole again
  first: a run of 2-4 adjacent words whose concatenation is a word of the model (its samples, slot values
  and synonyms; or, if no piece is a model word, another form of one: "risico fac tor"), unless every piece
  is a model word itself ("ik heb", "rug pijn": see slot mentions below). The longest run wins.
* Normalise: lowercase, drop apostrophes (``risico's`` -> ``risicos``), strip
  diacritics, split into words, Snowball Dutch stem, then even out a few
  spelling alternations the stemmer leaves (``zware``/``zwaar``); irregular
  forms of frequent verbs share a stem (``sta``/``staan``, ``schoot``/
  ``schieten``), also inside a separable verb (``overgaat``/``overgaan``);
  nouns in -ing keep it (``houding`` is not ``houden``), adjectives in -achtig
  too (``zenuwachtig`` is not ``zenuw``), and a few words the stemmer cuts to
  another word stay whole (``verder`` is not ``ver``); articles and
  possessives are one word, subject pronouns another (``ik``/``u``/``ge``);
  fillers and discourse particles ("even", "alexa", "gewoon", "wel", "allee") are left
  out; Flemish and spoken spellings of frequent words are read as the written word ("wa is da nie"). A stem the model does not know is read as another form of the same
  word that it does know, if there is one (``komt``/``kom``, ``fiets``/
  ``fietsen``, ``meld``/``melden``; a Flemish diminutive ``stoelke``/``stoel``); failing that, as the one word of
  the model it is a slip away from: a letter that sounds the same (``fisio``), or in a word of 7 letters or more one
  letter left out or added or two swapped (``pijnstilers``, ``terapeut``), never another letter changed
  (``klanten`` is no ``planten``).
* Slot mentions: stem sequences equal to a value's name or synonym (allowing
  a couple of inserted words: "actief te blijven" for "actief blijven", and any words of time: "mijn rug doet al
  weken pijn", but
  never a word naming another value, nor half of a compound written apart that
  does ("last van mijn onder rug"), nor one between an article and its noun;
  an article or "het" inside a synonym may be left out: "last van rug" for
  "last van de rug";
  or the last word first: "ik loop krom" for "krom lopen"; "krijg je" for a
  synonym with "krijg ik"), compound words ending in a one-word synonym
  (``bureaustoel`` -> ``stoel``; not after an article, ``hetzelfde``, nor a
  head cut from a derived word, ``drukte`` in ``bloeddruk``), a one-word
  synonym plus a Dutch derivational ending (``fitter``), one-word synonyms written as two words (``rug pijn``),
  two-word synonyms written as one (``platliggen``), separable verbs split
  with their particle at the end of the clause, perhaps before a short
  prepositional phrase ("hoe bouw ik het weer op (na een aanval)": "opbouwen";
  the split verb is then no mention of its own), and ``erin``/``eruit``... said
  split ("het schoot er net in").
* Hypotheses: the text as is, and the text with each mention replaced by a
  placeholder token for its slot type (a mention made only of words the
  samples use as context, such as "rugpijn", is a slightly weaker one; so is one that only says one has back pain,
  "last van je rug", beside a mention of another value: "welke stoel is goed als je last van je rug hebt").
* Each hypothesis is scored against every sample: an IDF-weighted Dice
  coefficient over unigrams and bigrams (wording and word order), mixed with
  the share of the text's words that the sample's intent uses at all. IDF is
  counted over intents, so a word typical of one intent weighs most. A
  feature-by-sample weight matrix turns this into one vectorised sum.
* A sample that matches exactly except for a short unknown span (<= 2 words)
  in its slot position gives that intent with the slot unresolved (value, no
  id), like Alexa's ER_SUCCESS_NO_MATCH, if the sample has enough words around
  the slot to be a question about a topic ("wat moet ik doen bij hoofdpijn",
  not "ik heb griep"); but a word that only out-of-domain samples use ("migraine", "knie"), or a compound of
  one ("tenniselleboog", "koortslip"), is another complaint and refused.
* Below a threshold the answer is ``AMAZON.FallbackIntent``; the threshold is
  lowest when a known slot value fills the slot, and lower when the text holds
  every word of the matched sample.
* Out of domain: samples of ``AMAZON.FallbackIntent`` compete like any other
  (scored on wording only, as their words are no domain), and when one fits
  best the answer is the fallback. A sample without a slot counts only for a
  text that has one of its heaviest words ("ik kan niet slapen" is no "ik kan
  niet meer plassen"). If the model has such samples, a slot value counts only
  if its intent knows most of the words around it ("hoe repareer ik mijn
  laptop" is no question about sitting). Two exceptions: when the text also names the back elsewhere ("is een
  ikea markus stoel goed voor mijn rug") unknown words count much less, as the request is about back pain after
  all; and a value heard only as a finite positional verb ("zit", "staat", "ligt", "loopt": "hoe staat het in de
  competitie", "het zit in mijn rug") is weaker evidence and needs more of its context known, since Dutch uses
  these verbs in every other sentence (the infinitive, "lang zitten", names the activity). A one-word value in a
  text that names neither the back nor a complaint ("pijn", "last", "stijf") also needs more of its context known:
  "mijn telefoon blijft trillen" is about the telephone.
  A text that names another complaint and not the back is about that complaint: a complaint of the vocabulary's
  ``other_complaints`` ("paracetamol bij griep", "ik heb reuma mag ik fietsen") or a compound ("kiespijn",
  "maagklachten"; not "rugpijn" nor where back pain radiates: "beenpijn"). Care the leaflet does not name
  (``other_care``: "is een korset goed voor mijn rug", "wordt de fysio vergoed") and a task for an assistant ("bel
  mijn fysiotherapeut") are no questions about a topic either, back or no back.
* Back pain as the circumstance: a mention that only says one has back pain is weaker beside a mention of another
  value, and more so after "met", "bij", "na" ("kan ik naar mijn werk met spit" asks about work); so is one's job
  told as the setting, "werk" as the verb after its subject ("ik werk bij de supermarkt en sta de hele dag").
* Radiating pain: a text that names the back and a place its pain radiates to (``radiating``: "bil", "been"), that
  says no sign and that no sample fits, is the leaflet's section on it ("het schiet vanuit mijn rug in mijn bil"); so is one whose topic word is only a
  positional verb ("is het normaal dat rugpijn ook in je been zit": where the pain is, not sitting).
* Second opinion: a slot filled by a known value, unless the text (almost) is a sample, is put to a linear
  classifier trained on the same samples with every synonym filled in (:mod:`skill.nlu.classifier`, as Alexa's
  NLU learns from them). If it finds the text out of domain, the answer is the fallback ("hoe kom ik van het
  roken af"; by a margin when the text names the back); if it is sure of another value of the slot, that value
  ("ik ben kassiere en draai de hele dag met zware kratten, waardoor krijg ik rugpijn" asks for the risks).
* Verdict: the classifier, which also learns from ``content/phrasings/`` (what people said, with the answer each
  must get), then judges the match: when it leads its second choice by ``Tuning.opinion_override`` and says
  something else, its answer is taken ("helpt een dagelijks rondje met de hond" is fitness, though no sample says
  so). It cannot undo a (near) sample, what the rules above settled (a saying, another complaint, other care, a
  task, a topic the leaflet lacks; a word only out-of-domain samples use by the wider ``opinion_unsettle``), nor a
  referral; it adds one only by the wider ``opinion_refer``.
* Warning signs (a concept override): the warning-sign vocabulary of
  ``content/interaction.yaml``, from which the model builder also generates
  the warning-sign intent's samples, names each sign by terms (word patterns
  that must all occur, ``*`` for any letters). A text with a sign's term that
  also names the back ("ik ben van de fiets gevallen en mijn rug doet pijn")
  is that intent, whatever topic words or out-of-domain samples it fits: a
  missed warning sign is the worst error. A term right after "geen" or
  "zonder" does not count ("ik heb geen koorts"), nor one denied by "niet" a few words before in the same clause
  ("ik ben niet (van de trap) gevallen"), unless "niet" follows a verb of ability ("ik kan mijn plas niet
  ophouden" is the sign); the words that deny a sign are then left out of the topic matching, as they say
  nothing about what is asked ("ik ben niet afgevallen maar ..." is no question about overweight). A sign's ``alone`` terms (a leg gone weak or numb, the saddle area, "wanneer moet ik
  naar de huisarts") need no word for the back; the other signs without back pain ("ik heb koorts") are other
  complaints, and the warning-sign samples cannot make them the warning-sign intent either.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import snowballstemmer

from skill.content.interaction import SLOT_REF, WarningSigns, load_interaction
from skill.content.phrasings import Phrasing, load_phrasings
from skill.nlu.classifier import Opinion, for_model
from skill.nlu.builtin_slots import BuiltinSlots
from skill.settings import MODEL_PATH as DEFAULT_MODEL_PATH

__all__ = ["FALLBACK", "Resolution", "Resolver", "SlotValue", "Tuning", "normalize", "tokenize"]

FALLBACK = "AMAZON.FallbackIntent"
HELP = "AMAZON.HelpIntent"


@dataclass(frozen=True)
class Tuning:
    """The resolver's knobs. Defaults were chosen on phrasings written for this project; results
    hardly move within a wide range of each (the no-slot ``threshold`` is the most sensitive)."""

    dice_share: float = 0.5  # score = share * Dice(sample) + (1 - share) * part of the text the intent knows
    bigram_factor: float = 0.6  # a bigram weighs this times its heavier word
    slot_weight: float = 4.0  # weight of the slot placeholder: a known slot value is strong evidence
    unknown_factor: float = 0.7  # a word the model never uses weighs this times the largest IDF
    gap_penalty: float = 0.02  # per word inserted in a multi-word synonym
    max_gap: int = 2  # at most this many inserted words per synonym
    reorder_penalty: float = 0.02  # for a synonym heard with its last word first
    compound_penalty: float = 0.02  # a synonym found as the head of a compound word is less certain
    derived_penalty: float = 0.03  # ... or as the start of a longer word
    context_penalty: float = 0.05  # a mention made of words the samples also use as context
    separable_penalty: float = 0.03  # a separable verb heard split ("bouw het weer op" for "opbouwen")
    max_separable_gap: int = 5  # at most this many words between a split verb and its particle
    max_particle_tail: int = 3  # ... and at most this many words after it (a prepositional phrase)
    pronoun_penalty: float = 0.01  # a synonym with "ik" heard with "je" ("krijg je" for "krijg ik")
    threshold_slot: float = 0.30  # minimum score of an intent whose slot a known value fills
    threshold: float = 0.65  # minimum score of an intent without slots
    threshold_contained: float = 0.45  # ... when the text contains all words of the sample
    threshold_empty_slot: float = 0.9  # minimum score of an intent with its slot left empty
    min_context_known: float = 0.6  # share of the words around a slot value that its intent must know
    positional_penalty: float = 0.05  # a slot value heard only as a finite positional verb ("het zit in mijn rug")
    min_context_positional: float = 0.7  # ... and the share of the words around it that its intent must know
    min_context_back: float = 0.3  # the share when the text names the back: it is about back pain after all
    max_unknown_words: int = 2  # longest unknown slot text accepted (words)
    min_capture_context: int = 3  # words (besides articles) a sample needs around a slot to capture unknown text
    min_context_no_complaint: float = 0.7  # ... for a one-word value when the text names neither the back nor a complaint
    generic_penalty: float = 0.1  # a mention that only says one has back pain, beside a mention of another value
    circumstance_penalty: float = 0.15  # ... and more so as the circumstance of the other ("werken met spit")
    threshold_unsigned: float = 0.95  # minimum score of the warning-sign intent for a text that names no sign
    second_opinion: bool = True  # ask the sample classifier (skill/nlu/classifier.py) about a filled slot
    opinion_switch: float = 0.5  # its margin for another value of the same slot ("... is dat een oorzaak")
    opinion_switch_unmentioned: float = 0.8  # ... for a value no words of the text name
    opinion_refuse: float = 0.0  # its margin for refusing, when it finds the text out of domain
    opinion_refuse_back: float = 0.25  # ... when the text names the back
    opinion_below: float = 0.9  # a match at least this close to a sample ("roken", "hoe moet ik tillen") stands
    opinion_agree: float = 1.2  # its margin for a section the words name twice over when no sample fits (_agreed)
    opinion_override: float = 0.4  # its margin for its own answer over the match (_judged)
    opinion_refer: float = 1.2  # ... when that answer is the referral to the GP
    opinion_unsettle: float = 1.2  # ... against a refusal for a word only out-of-domain samples use (_matched)


@dataclass(frozen=True)
class SlotValue:
    """A filled slot: ``value`` is the text heard, ``id`` the resolved value id or ``None`` (no match)."""

    name: str
    value: str
    id: str | None
    builtin: bool = False  # a slot of Alexa's built-in types (AMAZON.DURATION, AMAZON.TIME): ``value`` is Alexa's value


@dataclass(frozen=True)
class Resolution:
    """The resolved intent, its filled slots and the match score (0..1)."""

    intent: str
    slots: dict[str, SlotValue] = field(default_factory=dict)
    score: float = 0.0

    def slot_id(self, name: str) -> str | None:
        """The resolved id of slot ``name``, if any."""
        slot = self.slots.get(name)
        return slot.id if slot else None


# -- normalisation ----------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_WORD = re.compile(r"[^\W_]+")
_DOUBLE_VOWEL = re.compile(r"(aa|ee|oo|uu)")
_FINAL_E = re.compile(r"(?<=[^aeiouy])e$")
_FINAL_DOUBLE = re.compile(r"([^aeiouy])\1$")
_stemmer = snowballstemmer.stemmer("dutch")
_stem_cache: dict[str, str] = {}


def tokenize(text: str) -> list[str]:
    """Lowercase words of ``text`` without punctuation; apostrophes are dropped (``risico's`` -> ``risicos``)."""
    return _WORD.findall(_APOSTROPHES.sub("", unicodedata.normalize("NFC", text).lower()))


@functools.lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c) and not c.isspace())


def _fold_text(text: str) -> str:
    """``text`` as lowercase words without accents or punctuation, one space apart (the classifier's letters)."""
    return " ".join(_fold(w) for w in tokenize(text))


def _squash(stem: str, word: str = "") -> str:
    """Even out Dutch alternations the stemmer leaves: drop a verb's -t (``terugkomt``; only when the
    word itself ends in -t, so ``ziekte`` stays), a final -e after a consonant (``kromme``), undouble a
    final consonant, final v/z as f/s (``stijve``), and single long vowels (``zware``/``zwaar``)."""
    if len(stem) >= 5 and stem[-1] == "t" and word.endswith("t") and not word.endswith("cht"):  # "recht" stays
        stem = stem[:-1]
    if len(stem) > 3:
        stem = _FINAL_E.sub("", stem)
    stem = _FINAL_DOUBLE.sub(r"\1", stem)
    if len(stem) > 3 and stem[-1] in "vz":
        stem = stem[:-1] + ("f" if stem[-1] == "v" else "s")
    return _DOUBLE_VOWEL.sub(lambda m: m.group()[0], stem)


# Articles and possessives are interchangeable in the questions we expect ("pijn in mijn/de rug"), also
# Flemish ones ("nen", "mijne") and "zo'n", "'t". "je" is also a subject ("krijg je"): see Resolver._index_values.
_DETERMINERS = frozenset({"de", "het", "een", "mijn", "mn", "uw", "je", "jouw", "ne", "nen", "mijne", "uwe", "zon",
                          "t", "den", "deze", "dit", "haar", "hun", "ons", "onze"})
_DEMONSTRATIVES = frozenset({"dit", "deze"})  # determiners, unless they end the sentence ("wat is dit")
# Subject pronouns are interchangeable too ("hoe til ik / tilt u"), with Flemish "ge", "gij" and "'k".
_PRONOUNS = frozenset({"ik", "k", "u", "jij", "ge", "gij", "we", "wij", "men"})
# "ik werk (in de bouw)", "mijn man werkt ...": the verb that tells one's job, beside what is asked (_weaken_generic)
_WORKS = frozenset({"werk", "werkt"})
# ... and the verbs that report what someone said ("mijn fysio zei forceer niet"): see _weaken_generic
_REPORTING = frozenset({"zegt", "zei", "zeggen", "zeiden", "vindt", "vond", "adviseert", "adviseerde", "raadt",
                        "raadde", "beweert", "noemt", "noemde"})
_WORKERS = _PRONOUNS | {"je", "hij", "zij", "ze", "man", "vrouw", "zoon", "dochter", "vader", "moeder", "partner"}
# Words that say who, how often, how long or how old, not what about ("mijn vader", "twee keer per week", "uren",
# "als oudere", "al tachtig"): around a topic word they do not make a request about something else.
_NEUTRAL_CONTEXT = frozenset({
    "vader", "moeder", "man", "vrouw", "oma", "opa", "dochter", "zoon", "kleindochter", "kleinzoon", "partner",
    "kind", "kinderen", "kleinkind", "kleinkinderen", "buurman", "buurvrouw", "mantelzorger", "echtgenoot", "hij",
    "zij", "ze", "hem", "oud", "oude", "oudere", "ouderen", "bejaard", "bejaarde", "bejaarden", "senior", "senioren",
    "leeftijd", "jaar", "jaren", "maand", "maanden", "week", "weken", "dag", "dagen", "uur", "uren", "minuut",
    "minuten", "keer", "keren", "per", "elke", "iedere", "vaak", "nooit", "telkens", "steeds", "weer", "nog", "al",
    "nu", "dan", "sinds", "zeker", "meestal",
    # conjunctions and adverbs that link or time what is said ("het schoot erin toen ik bukte")
    "toen", "omdat", "terwijl", "nadat", "voordat", "zodra", "totdat", "hoewel", "alsof", "zodat", "doordat",
    "sindsdien", "daarna", "daardoor", "daarom", "daarmee", "daarbij", "daarvan", "waardoor", "vroeger", "overdag",
    "ochtend", "middag", "avond", "weekend", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
    "zondag", "samen", "tegelijk", "net", "zich",
    # other words of no subject of their own ("hoe ziet een goede houding er uit", "wie weet hier iets van")
    "hier", "toe", "tot", "wie", "jullie", "zal", "zou", "was", "waren", "zie", "ziet", "zien", "weinig",
    "minder"})
_NUMBER = re.compile(r"^(\d+|.*(een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|tig|tien|honderd|duizend))$")


# Words that say since when or how long; inside a multi-word synonym they are no gap ("mijn rug doet (al een paar
# weken) pijn" is "mijn rug doet pijn"), up to _MAX_TIME_WORDS of them.
_TIME_WORDS = ("al", "nog", "paar", "dag", "dagen", "week", "weken", "maand", "maanden", "jaar", "jaren", "uur", "uren",
               "sinds", "gisteren", "vandaag", "vanochtend", "vanmorgen", "vannacht", "steeds", "telkens", "twee", "drie",
               "vier", "vijf", "tien", "lang", "tijdje")
_MAX_TIME_WORDS = 4


def _neutral_context(word: str) -> bool:
    """Whether ``word`` (folded) only says who, when, how often or how old (see ``_NEUTRAL_CONTEXT``)."""
    return word in _NEUTRAL_CONTEXT or bool(_NUMBER.match(word)) and word not in _DETERMINERS


# Politeness and filler words that carry no intent ("stop nu maar even, alexa"); left out of matching.
_FILLERS = frozenset({"alexa", "alsjeblieft", "alstublieft", "aub", "svp", "even", "eens", "nu", "hoor", "toch", "nou",
                      "eigenlijk", "please", "dankjewel", "dankuwel", "graag", "ermee",
                      # discourse particles and adverbs that change no intent ("mag ik wel gewoon sporten")
                      "wel", "ook", "echt", "gewoon", "zo", "soms", "juist", "best", "beetje", "altijd", "precies",
                      "dus", "misschien", "nogal", "trouwens", "eventjes", "effe", "ff", "allez", "allee", "efkes", "amai", "hé", "he",
                      "hey", "hallo", "oh", "ah", "eh", "ehm", "uhm", "euh", "hoi", "zomaar", "heel", "ontzettend",
                      "vreselijk", "behoorlijk", "yo", "super",
                      "s"})  # "'s nachts" without its apostrophe


# Two-word hedges that carry no intent ("mijn bureau is volgens mij te laag", "dat is denk ik slecht"); left out too.
_HEDGES = frozenset({("volgens", "mij"), ("volgens", "me"), ("denk", "ik"), ("geloof", "ik"), ("lijkt", "me"),
                     ("lijkt", "mij"), ("vind", "ik")})


# Irregular forms of frequent short verbs, which no suffix rule brings together ("ik sta" / "staan").
_VERB_FORMS = {
    "sta": ("staan", "staat", "stond", "stonden", "gestaan"),
    "ga": ("gaan", "gaat", "ging", "gingen", "gegaan"),
    "doe": ("doen", "doet", "deed", "deden", "gedaan"),
    "zit": ("zitten", "zat", "zaten", "gezeten"),
    "lig": ("liggen", "ligt", "lag", "lagen", "gelegen"),
    "lop": ("lopen", "loop", "loopt", "liep", "liepen", "gelopen"),
    "til": ("tillen", "tilt", "tilde", "tilden", "getild"),
    "kun": ("kunnen", "kan", "kunt", "kon", "konden"),
    "wil": ("willen", "wilt", "wou", "wilde"),
    "mag": ("mogen", "mocht"),
    "zeg": ("zeggen", "zegt", "zei", "gezegd"),
    "heb": ("hebben", "hebt", "heeft", "had", "hadden", "gehad"),
    "kom": ("komen", "komt", "kwam", "kwamen", "gekomen"),
    "krijg": ("krijgen", "krijgt", "kreeg", "kregen", "gekregen"),
    "schiet": ("schieten", "schoot", "schoten", "geschoten"),
    "neem": ("nemen", "neemt", "nam", "namen", "genomen"),
    "blijf": ("blijven", "blijft", "bleef", "bleven", "gebleven"),
    "val": ("vallen", "valt", "viel", "vielen", "gevallen"),
    "draag": ("dragen", "draagt", "droeg", "droegen", "gedragen"),
    "houd": ("houden", "houdt", "hou", "hield", "hielden", "gehouden"),
    "word": ("worden", "wordt", "werd", "werden", "geworden"),
    "zwem": ("zwemmen", "zwemt", "zwom", "zwommen", "gezwommen"),
    "help": ("helpen", "helpt", "hielp", "hielpen", "geholpen"),
}
# Particles of separable verbs, which go to the end of a main clause ("opbouwen" -> "ik bouw het op").
_PARTICLES = ("terug", "samen", "voorover", "door", "over", "mee", "weg", "neer", "op", "af", "uit", "aan", "toe",
              "los", "vast", "thuis", "stil")
# Endings that derive a word from another (comparative, diminutive, adjective, agent noun...).
_ENDINGS = frozenset({"er", "ter", "der", "st", "ste", "je", "tje", "pje", "ief", "ig", "lijk", "s", "e", "ers"})
# Endings that make another word of a stem: "drukte" (busyness) is no head of "bloeddruk" (blood pressure).
_DERIVATIONAL = ("te", "ig", "achtig", "je", "lijk")
# Words no compound starts with ("hetzelfde" is not "het" + "zelf").
_FUNCTION_WORDS = _DETERMINERS | _PRONOUNS | {"zich", "waar", "daar", "hier", "er"}
_LEMMA = {form: lemma for lemma, forms in _VERB_FORMS.items() for form in (lemma, *forms)}
# The finite forms of the positional verbs (all forms but the infinitive): see Resolver._weaken_positional.
_POSITIONAL = frozenset(form for lemma in ("zit", "sta", "lig", "lop") for form in (lemma, *_VERB_FORMS[lemma][1:])
                        if not form.startswith("ge"))
# Words the stemmer cuts to another word: "verder" (go on) is not "ver" (how far), "eerder" not "eer" (honour),
# "gewone" (ordinary) not "won" (of "gewonnen", won, and "wonen", to live); "daag" (bye) is not "dag" (hello, day).
_WHOLE = frozenset({"verder", "eerder", "gewone", "daag", "als"})


# Flemish and spoken spellings of frequent words, read as the written Dutch word ("wa is da" for "wat is dat").
_SPOKEN = {"da": "dat", "das": "dat", "wa": "wat", "nie": "niet", "ni": "niet", "moogt": "mag", "zijt": "bent",
           "kunde": "kun", "zn": "zijn", "tis": "is", "wadde": "wat",
           # "'s nachts" and the like written as one word
           "snachts": "nachts", "savonds": "avonds", "smorgens": "morgens", "sochtends": "ochtends", "smiddags": "middags"}


def _stem(word: str) -> str:
    stem = _stem_cache.get(word)
    if stem is None:
        if len(_stem_cache) > 200_000:
            _stem_cache.clear()
        folded = _fold(word)
        folded = _SPOKEN.get(folded, folded)
        if folded in _FILLERS:
            stem = ""
        elif folded in _DETERMINERS:
            stem = "de"
        elif folded in _PRONOUNS:
            stem = "ik"
        elif folded in _LEMMA:
            stem = _LEMMA[folded]
        elif folded in _WHOLE:
            stem = folded
        elif (particle := next((p for p in _PARTICLES if folded.startswith(p) and folded[len(p):] in _LEMMA), None)):
            stem = particle + _LEMMA[folded[len(particle):]]  # "overgaat" as "overgaan", "optil" as "optillen"
        else:
            base = folded[:-2] if folded.endswith("ingen") else folded
            if base.endswith("ing") and len(base) >= 6:  # a noun in -ing is not its verb: "houding"/"houden"
                stem = base
            elif "achtig" in folded[3:]:  # nor is an adjective in -achtig its noun: "zenuwachtig"/"zenuw"
                stem = folded[:folded.rindex("achtig") + 6]
            else:
                stem = _squash(_stemmer.stemWord(folded), folded)
        _stem_cache[word] = stem
    return stem


_TIME_STEMS = frozenset(_stem(w) for w in _TIME_WORDS)
# Words that open another clause: a synonym's words are never found on both sides of one.
_SUBORDINATORS = frozenset(filter(None, (_stem(w) for w in ("als", "omdat", "want", "maar", "terwijl", "wanneer",
                                                             "toen"))))


def _derived(phrase: str, stem: str) -> bool:
    """Whether one-word ``phrase`` is ``stem`` plus a derivational ending (``drukte``/``druk``)."""
    folded = _fold(phrase.strip().lower())
    return folded.startswith(stem) and folded[len(stem):] in _DERIVATIONAL


def _words_and_stems(text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` that count and their stems: fillers are left out unless there is nothing else."""
    words = tokenize(text)
    folded = [_fold(w) for w in words]
    hedges = {k for i in range(len(folded) - 1) if (folded[i], folded[i + 1]) in _HEDGES for k in (i, i + 1)}
    if hedges and len(hedges) < len(words):  # "mijn bureau is volgens mij te laag": an opinion, no topic
        words = [w for k, w in enumerate(words) if k not in hedges]
    pairs = [(w, s) for w in words if (s := _stem(w))] or [(w, s) for w in words if (s := _squash(_fold(w)))]
    if len(pairs) > 1 and pairs[-1][0] in _DEMONSTRATIVES:  # "wat is dit": a pronoun, not the article of "een X"
        pairs[-1] = (pairs[-1][0], pairs[-1][0])
    return [w for w, _ in pairs], [s for _, s in pairs]


def _inflections(word: str) -> list[str]:
    """Other forms of the same Dutch verb or noun, most likely first: ``komt``/``kom``, ``meld``/``melden``,
    ``fiets``/``fietsen``, ``zwem``/``zwemmen``, ``schieten``/``schiet``; a Flemish diminutive's word
    (``boekske``/``boek``)."""
    forms = []
    for ending in ("skes", "ske", "kes", "ke"):  # a Flemish diminutive: "boekske", "rugske", "pintjes" aside
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.append(word[:-len(ending)])
            break
    if word.endswith("t") and len(word) > 3:
        # "gaat"/"gaan"; "groot" has no form "grooen" (which stems as "groen")
        forms += [word[:-1], word[:-1] + "n" if word[-3] == word[-2] else word[:-1] + "en"]
    if word.endswith("en") and len(word) > 4:
        forms += [word[:-2], word[:-2] + "t"]
    else:
        forms += [word + "en", word + "t", word + word[-1] + "en"]
    return forms


# Prepositions of place and time: "bij de supermarkt" says where, not what about.
_PLACE_PREPOSITIONS = frozenset({"bij", "in", "op", "naar", "achter", "voor", "naast", "onder", "tijdens", "na", "aan",
                                 "uit", "van", "met", "tegen"})
# Prepositions that may start a short phrase after a separable verb's particle ("bouw het op na een aanval").
_TAIL_PREPOSITIONS = frozenset({"na", "met", "bij", "van", "door", "in", "tijdens", "zonder", "ondanks"})
_ER_PREPOSITIONS = ("in", "uit", "af", "op", "aan", "over", "van", "door", "bij", "tegen", "onder", "naast")


def _split_er(word: str) -> list[str]:
    """A pronominal adverb as Dutch also says it, split: ``erin`` -> ``er``, ``in`` ("het schoot er gisteren in")."""
    folded = _fold(word)
    if folded.startswith("er") and folded[2:] in _ER_PREPOSITIONS:
        return ["er", folded[2:]]
    return [word]


def normalize(text: str) -> list[str]:
    """The normalised stems of ``text`` (what the resolver compares); filler words are left out."""
    return _words_and_stems(text)[1]


@functools.lru_cache(maxsize=65536)
def _prefix(word: str) -> str:
    """The first three letters a word's stem starts with (to rule out compounds cheaply)."""
    return _DOUBLE_VOWEL.sub(lambda m: m.group()[0], _fold(word[:5]))[:3]


def _placeholder(slot_type: str) -> str:
    return "{" + slot_type + "}"  # cannot collide with a word: braces never survive tokenize


def _features(stems: list[str]) -> set[str]:
    feats = set(stems)
    feats.update(f"{a} {b}" for a, b in zip(stems, stems[1:]))
    return feats


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    slot_type: str
    value_id: str
    penalty: float = 0.0
    particle: int = 0  # if > 0, the index of a separable verb's particle the mention also takes
    positional: bool = False  # one finite form of a positional verb (zit, staat, lag, loopt): see _POSITIONAL


@dataclass(frozen=True)
class _Sample:
    intent: str
    slot: str | None  # the slot this sample has, if any
    slot_type: str | None
    words: frozenset[str]  # its stems


@dataclass(frozen=True)
class _Best:
    score: float
    sample: int
    mention: _Mention | None = None
    context_known: float = 1.0  # the part of the words around the mention that the sample's intent knows


# A question about what an expression means ("wat betekent zijn mannetje staan", "wat bedoelen ze met ..."): the
# leaflet explains its own words ("wat betekent forceer niet", "... lumbago"), not idioms that contain one.
_MEANING = (("wat", "betekent"), ("wat", "betekend"), ("wat", "betekenen"), ("wat", "bedoelen", "ze", "met"),
            ("wat", "bedoel", "je", "met"), ("wat", "bedoelt", "men", "met"), ("wat", "wordt", "bedoeld", "met"),
            ("wat", "is", "de", "betekenis", "van"),
            # "wat bedoelen ze als ze zeggen dat ...", "wat wil het zeggen als iemand ...": the longest first
            ("wat", "bedoelen", "ze", "als", "ze", "zeggen", "dat"), ("wat", "bedoelen", "ze", "als", "ze", "zeggen"),
            ("wat", "bedoelen", "ze", "als"), ("wat", "bedoelt", "men", "als"), ("wat", "wil", "het", "zeggen", "als"),
            ("wat", "wil", "het", "zeggen"), ("wat", "wil", "dat", "zeggen"))
# ... or asked after it: "op het puntje van je stoel zitten, wat is de betekenis"
# (not "..., wat betekent dat": "mijn spieren zijn uit balans zei de huisarts, wat betekent dat" asks about the back)
_MEANING_AFTER = (("wat", "is", "de", "betekenis"), ("wat", "is", "daarvan", "de", "betekenis"))
# how a word is spelt, said or translated
_SPELLING = (("hoe", "spel", "je"), ("hoe", "schrijf", "je"), ("hoe", "spreek", "je"), ("vertaal",))
# ... and words that say it is about the language: an idiom, a saying, a translation
_LANGUAGE = frozenset({"uitdrukking", "spreekwoord", "gezegde", "zegswijze", "engels", "latijn", "frans", "duits",
                       "vertaling", "vertaald"})
# ... and the words that only link the words of the expression ("blijf bewegen maar forceer niet", "afwisselen van
# houding"), or name it ("het woord lumbago")
_LINKING = frozenset({"maar", "en", "of", "van", "die", "dat", "is", "zijn", "te", "om", "woord", "term"})
_THIRD_PERSON = frozenset({"zijn", "haar", "hun", "zn"})  # possessives of someone else's back
_NEGATIONS = frozenset({"geen", "zonder", "nooit", "nergens"})
_NOT = frozenset({"niet"} | {spoken for spoken, word in _SPOKEN.items() if word == "niet"})  # "niet", Flemish "nie"
_FINE = frozenset({"goed", "prima", "normaal", "oke", "ok"})
_GOES = frozenset({"gaat", "gaan", "lukt", "lukken", "werkt", "werken"})  # "plassen gaat gewoon": fine
_ODD = frozenset({"geks", "raars", "bijzonders", "vreemds", "ergs", "ernstigs", "anders", "abnormaals"})  # "niks geks"
# A sign of the past, healed ("maar dat is helemaal over", "en helemaal hersteld") or done on purpose ("bewust
# afgevallen", "door te lijnen"): see _healed; what is the matter now starts at _NOW.
_HEALED = frozenset({"genezen", "hersteld", "geheeld", "voorbij", "verdwenen"})
_OVER = frozenset({"over", "weg", "overgegaan", "weggegaan", "weggetrokken"})
_NOW = frozenset({"nu", "sindsdien", "tegenwoordig", "vandaag"})
_WENT = frozenset({"ging", "gingen", "trok", "trokken"})  # the past of a separable verb: "ging ... over", "trok ... weg"
_UNEXPLAINED = frozenset({"vanzelf", "zomaar", "onverklaarbaar", "onverklaard"})
_ON_PURPOSE = frozenset({"bewust", "expres", "opzettelijk", "lijnen", "gelijnd", "dieet", "dieten", "afslankdieet"})
_CLAUSE_BREAKS = frozenset({"maar", "en", "want", "omdat", "dus", "of", "toen", "als", "terwijl", "sinds", "wanneer",
                            "dat", "waar", "hoe"})
# Words of a complaint: a text with one of them (or with the back) is about how the speaker feels, so a topic word
# in it is taken at its word ("mag ik fietsen met deze pijn"); without, a one-word topic needs more of its context
# known ("mijn fiets heeft een lekke band").
_COMPLAINTS = frozenset({"zeer", "last", "pijnlijk", "stijf", "kramp", "krampen", "geblesseerd", "blessure",
                         "overbelast", "beurs", "ziek", "ziekte"})
_COMPLAINT_PREFIXES = ("pijn", "klacht")
# A compound of these names a complaint of its first part ("hoofdpijn", "maagklachten"); unless that part is a word of
# the back ("rugpijn", "ischiaspijn") or where back pain radiates to ("beenpijn", "zenuwpijn"), another complaint.
_COMPLAINT_HEADS = ("pijn", "pijnen", "klacht", "klachten")
_RADIATING = ("been", "benen", "bil", "billen", "zenuw", "uitstralings")
# Words that, with the words for the back, only say one has back pain ("last van mijn onder rug"): see _weaken_generic.
_GENERIC = frozenset({"pijn", "last", "van", "in", "klachten", "klacht", "zeer", "doet", "doen", "heb", "hebt", "heeft",
                      "onder", "laag", "beneden", "onderin", "aan", "met", "mijn", "je", "uw", "mijne", "uwe", "zijn",
                      "haar", "hun"})
_DENYING = _NEGATIONS | _NOT | _FINE | _HEALED | _OVER | _ON_PURPOSE | {"gewoon", "kind"}  # else no sign is denied
_FINE_BEFORE = _FINE | {"gewoon"}  # right before a sign word after a verb of ability: "ik kan gewoon plassen"
_COORDINATORS = frozenset({"en", "of"})
# Prepositions that make the back pain after them the circumstance of what is asked ("fietsen met rugpijn").
_CIRCUMSTANCE = frozenset({"met", "bij", "zonder", "door", "na", "sinds", "vanwege", "ondanks", "tijdens"})
# A request for a task an assistant does, not a question ("bel mijn fysiotherapeut", "kun je een afspraak boeken"):
# the imperative first, or the infinitive last after "kun je", "wil je" and the like.
_TASK_IMPERATIVES = frozenset({"bel", "boek", "reserveer", "bestel", "stuur", "mail", "app", "sms", "koop"})
_TASK_INFINITIVES = frozenset({"bellen", "boeken", "reserveren", "bestellen", "sturen", "mailen", "appen", "inplannen"})
_ASKING = frozenset({"kun", "kan", "kunt", "wil", "wilt"})
# Making, moving or cancelling an appointment is a task too ("ik wil een afspraak maken bij de fysio", "hoe verzet ik
# mijn afspraak"), unless whether or when to make one is asked ("moet ik een afspraak maken", "ik twijfel of ik een
# afspraak moet maken").
_APPOINTMENT = frozenset({"afspraak", "afspraken"})
_WHETHER = frozenset({"moet", "moeten", "zou", "zal", "wanneer", "waarom", "is", "heeft", "helpt"})
_SCHEDULING = frozenset({"maken", "maak", "maakt", "verzetten", "verzet", "afzeggen", "afzeg", "annuleren", "annuleer",
                         "verplaatsen", "verplaats", "inplannen", "plannen", "plan", "boeken", "herinner", "wijzigen"})
# ... also when it is low back pain ("met lage rugpijn"; but "wat is lage rugpijn" names the section)
_GENERIC_OR_LOW = _GENERIC | {"lage", "lager"}
# Nouns between "geen" and a sign that keep the denial: "geen problemen met plassen", "geen last van koorts".
_DENIED_NOUNS = frozenset({"problemen", "probleem", "klachten", "klacht", "last", "moeite", "sprake", "teken",
                           "tekenen", "sign", "signalen"})
# Participles that may follow a denied sign ("geen ongeluk gehad", "geen koorts gemerkt").
_PARTICIPLES = frozenset({"gehad", "gekregen", "gemerkt", "gevoeld", "gezien", "gemeten", "gehoord"})
# After these, "niet" says one cannot ("ik kan niet plassen"), which is the sign, not its denial.
_ABILITY = frozenset({"kan", "kon", "kun", "kunt", "konden", "lukt", "lukte", "wil", "wilt", "wou", "durf"})


def _asks_a_task(words: list[str]) -> bool:
    """Whether ``words`` ask for a task to be done (see ``_TASK_IMPERATIVES`` and ``_APPOINTMENT``), not a question
    about a topic."""
    folded = [_fold(w) for w in words]
    if folded and folded[0] in _TASK_IMPERATIVES:
        return True
    if _APPOINTMENT.intersection(folded) and _SCHEDULING.intersection(folded) and "of" not in folded \
            and folded[0] not in _WHETHER:
        return True
    return (len(folded) > 2 and folded[0] in _ASKING and folded[1] in ("je", "jij", "u")
            and folded[-1] in _TASK_INFINITIVES)


def _complaint_of(word: str) -> str | None:
    """The first part of ``word`` (folded) if it is a compound naming a complaint ("kies" of "kiespijn", "maag" of
    "maagklachten") of another part than where back pain radiates ("beenpijn", "zenuwpijn")."""
    for head in _COMPLAINT_HEADS:
        if word.endswith(head) and len(word) - len(head) >= 3:
            first = word[: -len(head)]
            return None if first.startswith(_RADIATING) else first
    return None


def _negated(words: list[str], i: int, fine: bool = True) -> bool:
    """Whether the sign word ``words[i]`` is denied: right after "geen", "zonder" or "nooit" (or two words after
    "geen": "geen hoge koorts"; or further, past a noun such as "problemen" and "of": "geen problemen met plassen of
    ontlasting"), or up to four words after "niet" in the same clause, unless the negation follows a verb of
    ability ("ik ben niet (van de trap) gevallen", "mijn been is niet doof"; but "ik kan (mijn voet) niet
    (op)tillen", "ik kan geen plas meer doen"), or said to be fine a few words later ("het plassen gaat gewoon
    goed", "ontlasting en plassen gaan goed"; not "... niet goed"). The last only if ``fine``: of a thing asked
    about, "goed" is part of the question ("is een korset goed"), not a denial."""
    for j in range(i - 1, max(-1, i - 6), -1):  # "geen (problemen met) plassen (of) ontlasting", "zonder koorts"
        if words[j] in _NEGATIONS:
            if j == i - 1 or words[j] in ("geen", "nergens") and (
                    j == i - 2 or _DENIED_NOUNS.intersection(words[j + 1:i])):
                return not _able(words, j)  # but "ik kan geen plas meer doen" is the sign
            break
        if words[j] in _CLAUSE_BREAKS and words[j] != "of":
            break
    if fine and (_fine_after(words, i) is not None or _healed(words, i) is not None):
        return True
    if words[i] in ("niks", "niets") and i + 1 < len(words) and words[i + 1] in _ODD:
        return True  # "verder niks geks": nothing odd, not feeling nothing
    if fine and _denied_after(words, i):
        return True
    if fine and i >= 2 and words[i - 1] in _FINE_BEFORE and words[i - 2] in _ABILITY:
        return True  # "ik kan gewoon plassen", "ik kan normaal lopen"
    for j in range(i - 1, max(-1, i - 5), -1):  # "niet" up to four words before, in the same clause
        if words[j] in _CLAUSE_BREAKS and words[j] != "of":  # "mijn been is niet doof of slap": both denied
            return False
        if words[j] in _NOT:  # but "ik ben niet meer kunnen plassen" (Flemish): not being able is the sign
            return not _able(words, j) and not _ABILITY.union({"kunnen"}).intersection(words[j + 1:i])
    return False


def _denied_after(words: list[str], i: int) -> bool:
    """Whether the sign word ``words[i]`` is denied by a "niet" that ends its clause within four words, the sign
    said first ("koorts heb ik niet", "gevallen ben ik niet"); not after a verb of ability ("plassen kan ik niet"),
    nor "zelfs ... niet" (not even: "niks helpt zelfs de paracetamol niet")."""
    for j in range(i + 1, min(len(words), i + 5)):  # "koorts heb ik ook niet"
        if words[j] in _CLAUSE_BREAKS:
            return False
        if words[j] in _NOT:
            ends = j + 1 == len(words) or words[j + 1] in _CLAUSE_BREAKS or words[j + 1] in ("het", "mijn", "ik")
            return ends and not _ABILITY.intersection(words[i + 1:j]) and "zelfs" not in words[i:j]
    return False


def _healed(words: list[str], i: int) -> int | None:
    """Where the sign word ``words[i]`` is said to belong to the past, healed, or to have a reason (the sign is what
    is new, unexplained and not going away): "maar dat is (helemaal) over", "... en helemaal hersteld", "als kind
    ben ik eens gevallen", "ik ben bewust afgevallen". The position of the last word that says so, or ``None``.
    Not "het gaat niet over", "is dat over een paar dagen weg" (a question about the future), "zonder te lijnen"."""
    for j in range(i + 1, min(len(words), i + 13)):  # forward, up to what is the matter now ("nu", "sindsdien")
        w = words[j]
        if w in _NOW and not _OVER.intersection(words[j + 1:j + 3]):
            break  # what is the matter now (but "dat is nu weer over" still says it is over)
        before = words[max(0, j - 3):j]
        if w in _HEALED and not _NOT.intersection(before) and "nog" not in before:
            return j
        if w in _FINE and "weer" in before and {"was", "waren", "werd"}.intersection(words[max(0, j - 4):j]) \
                and not _NOT.intersection(before):
            return j  # "... vorig voorjaar was alles weer goed"
        if w in _FINE and j + 1 < len(words) and words[j + 1] in ("gekomen", "gegaan") and not _NOT.intersection(before):
            return j + 1  # "dat is allemaal goed gekomen"
        if (w in _OVER and (j + 1 == len(words) or words[j + 1] not in _DETERMINERS | {"paar"}  # not "over een week"
                            or words[j - 1] == "weer")  # "dat is weer over (mijn rug ...)": gone again
                and ({"is", "was", "zijn", "waren"}.intersection(before) or _WENT.intersection(words[i + 1:j]))
                and not _NOT.intersection(before) and "nog" not in before):
            return j  # "maar dat is over", "dat ging na een paar minuten (weer) over", "het trok weg"
    for j in range(max(0, i - 8), min(len(words), i + 4)):  # around it: childhood
        if words[j] == "als" and j + 1 < len(words) and words[j + 1] in ("kind", "kleuter", "tiener", "puber"):
            return i
    return i if _on_purpose(words, i) else None


def _on_purpose(words: list[str], i: int) -> bool:
    """Whether a reason for losing weight is said around the sign word ``words[i]`` ("bewust", "met een dieet"),
    not denied ("zonder te lijnen") nor outweighed by "vanzelf" or "zomaar" beside the sign ("ge zoudt zeggen dat ik
    op dieet ben, maar ik ben vanzelf vermagerd")."""
    if _UNEXPLAINED.intersection(words[max(0, i - 3):i + 3]):
        return False
    return any(words[j] in _ON_PURPOSE and not _NEGATIONS.union(_NOT).intersection(words[max(0, j - 2):j])
               for j in range(max(0, i - 8), min(len(words), i + 4)))


def _fine_after(words: list[str], i: int) -> int | None:
    """Where the sign word ``words[i]`` is said to be fine a few words later, in its clause: "het plassen gaat
    (gewoon) goed", "ontlasting en plassen gaan goed" (both); not "... niet goed"."""
    coordinated = i + 2 < len(words) and words[i + 1] in _COORDINATORS
    for j in range(i + 1, min(len(words), i + (6 if coordinated else 4))):
        if words[j] in _NOT or words[j] in _CLAUSE_BREAKS and not (coordinated and j == i + 1):
            return None
        if words[j] in _FINE:
            return j
        if words[j] == "gewoon" and words[j - 1] in _GOES and (j + 1 == len(words) or words[j + 1] not in _NOT):
            return j  # "plassen gaat gewoon" (but not "... gaat gewoon niet")
    return None


def _able(words: list[str], j: int) -> bool:
    """Whether the negation ``words[j]`` follows a verb of ability in its clause, perhaps past words of time and
    articles ("ik kan (al de hele dag) niet plassen", "ik kan geen plas meer doen")."""
    seen = 0
    for k in range(j - 1, -1, -1):
        if words[k] in _ABILITY:
            return True
        if words[k] in _TIME_WORDS or words[k] in _DETERMINERS or words[k] in ("hele", "meer", "vanaf"):
            continue  # "ik kan sinds vanochtend niet meer plassen"
        seen += 1
        if words[k] in _CLAUSE_BREAKS or seen > 4:
            return False
    return False


def _voiced(pattern: str) -> tuple[str, ...]:
    """``pattern`` and, if it ends in "s*" or "f*", its form with the voiced consonant that Dutch spells before an
    ending ("gevoelloos*": "gevoelloze", "verlies*": "verliezen", "geloof*": "geloven")."""
    m = re.fullmatch(r"(.*?)(aa|ee|oo|uu)?([sf])\*", pattern)
    if not m or not m.group(1):
        return (pattern,)
    vowel = m.group(2)[0] if m.group(2) else ""
    return pattern, m.group(1) + vowel + {"s": "z", "f": "v"}[m.group(3)] + "*"


class _SignDetector:
    """Finds a warning sign said together with the back, or one of the signs that need no back (see the module
    docstring): ``match`` gives the intent, or ``None``."""

    def __init__(self, signs: WarningSigns) -> None:
        self.intent = signs.intent
        patterns = sorted(signs.vocabulary_words())
        self._index = {p: i for i, p in enumerate(patterns)}
        self._exact = {p: i for p, i in self._index.items() if "*" not in p and "_" not in p}
        self._wild = [(re.compile(fnmatch.translate(form)), i) for p, i in self._index.items() if "*" in p
                      and "_" not in p for form in _voiced(p)]
        # patterns of words that follow each other ("in_rust"): tried on runs of words only, never on one word
        self._grams = {p: i for p, i in self._index.items() if "_" in p}
        self._wild_grams = [(re.compile(fnmatch.translate(p)), i) for p, i in self._grams.items() if "*" in p]
        self._context = frozenset(self._index[p] for p in signs.context)
        self._others = frozenset(self._index[p] for p in signs.other_complaints)
        self._care = frozenset(self._index[p] for p in signs.other_care)
        self._physio_names = frozenset(self._index[p] for p in signs.physio_names)
        self._physio_care = frozenset(self._index[p] for p in signs.physio_care)
        self._places = frozenset(self._index[p] for p in signs.radiating_places)
        self.radiating_section = signs.radiating_section
        self._denials = frozenset(i for p, i in self._index.items() if p in _NEGATIONS | _NOT)
        self._geen = frozenset(i for p, i in self._index.items() if p in _NEGATIONS)
        self._terms: dict[int, list[tuple[int, ...]]] = {}  # by their first pattern
        self._alone: dict[int, list[tuple[int, ...]]] = {}  # the terms that need no back, likewise
        for sign in signs.signs:
            for term in sign.terms:
                self._terms.setdefault(self._index[term[0]], []).append(tuple(self._index[p] for p in term))
            for term in sign.alone:
                self._alone.setdefault(self._index[term[0]], []).append(tuple(self._index[p] for p in term))
        self._cache: dict[str, frozenset[int]] = {}
        self._longest_gram = max((p.count("_") + 1 for p in self._grams), default=1)

    def _patterns_of(self, word: str) -> frozenset[int]:
        """The patterns ``word`` fits, also as the verb of a past participle ("gepoept" as "poept", "geplast")."""
        hit = self._cache.get(word)
        if hit is None:
            forms = [word, word[2:]] if word.startswith("ge") and word[-1] in "td" and len(word) > 6 else [word]
            forms += [word[len(side):] for side in ("linker", "rechter") if word.startswith(side) and len(word) > len(side) + 2]
            found = {i for rx, i in self._wild for form in forms if rx.match(form)}
            found.update(self._exact[form] for form in forms if form in self._exact)
            hit = frozenset(found)
            if len(self._cache) < 100_000:
                self._cache[word] = hit
        return hit

    def _denial_reaches(self, term: tuple[int, ...], per_word: list[frozenset[int]], i: int) -> bool:
        """For a term that starts with "geen", "zonder" or "nooit" ("geen gevoel"): the next word of the term follows it directly or
        after one word that is no sign itself ("geen enkel gevoel"; but "geen verdoofd gevoel" denies the numbness)."""
        if len(term) < 2 or term[0] not in self._geen:
            return True
        after = per_word[i + 1:i + 3]
        return bool(after) and (term[1] in after[0] or len(after) > 1 and term[1] in after[1] and not after[0])

    def _read(self, words: list[str]) -> tuple[list[str], list[frozenset[int]]]:
        """``words`` folded (Flemish spellings as the written word) and the patterns each fits; "aan val" is
        "aanval" heard in two, no fall. A pattern of words joined by "_" ("in_rust") fits the first of the words
        that follow each other so ("rugpijn in rust", not "in mijn rug ... rust")."""
        folded = [_SPOKEN.get(w, w) for w in map(_fold, words)]
        per_word = [self._patterns_of(w) if not (w == "val" and i and folded[i - 1] == "aan") else frozenset()
                    for i, w in enumerate(folded)]
        for n in range(2, self._longest_gram + 1):
            for i in range(len(folded) - n + 1):
                gram = "_".join(folded[i:i + n])
                hit = {i_ for rx, i_ in self._wild_grams if rx.match(gram)}
                if gram in self._grams:
                    hit.add(self._grams[gram])
                if hit:
                    per_word[i] = per_word[i] | hit
        return folded, per_word

    def denied_words(self, words: list[str]) -> set[int]:
        """Which of ``words`` (tokenized) only deny a sign ("ik ben niet gevallen", "geen koorts gehad", "het plassen
        gaat goed"): the clause up to the denied sign word (from "geen", "zonder" or "nooit" just before it, where
        the clause goes on before that: "... uitstraalt geen doof gevoel"), a participle right after it, the words
        that say it is fine, and a clause break they leave at the start. They say nothing about what is asked, so
        topic matching leaves them out ("ik ben niet afgevallen maar mag ik paracetamol nemen" asks about painkillers)."""
        if _DENYING.isdisjoint(_SPOKEN.get(w, w) for w in map(_fold, words)):
            return set()  # the common case: nothing is denied or said to be fine
        folded, per_word = self._read(words)
        present = frozenset().union(*per_word)
        signs = {p for first in present for term in (*self._terms.get(first, ()), *self._alone.get(first, ()))
                 if present.issuperset(term) and not self._denials.intersection(term) for p in term}
        dropped: set[int] = set()
        for i, pats in enumerate(per_word):
            if not pats & signs or pats & self._context or not _negated(folded, i):
                continue
            start = i
            while start > 0 and folded[start - 1] not in _CLAUSE_BREAKS:
                start -= 1
            # "... die naar mijn bil uitstraalt geen doof gevoel": only the denial itself, from its "geen"
            start = next((j for j in range(i - 1, max(start, i - 3) - 1, -1) if folded[j] in _NEGATIONS), start)
            end = i + 1
            fine = _fine_after(folded, i)
            healed = _healed(folded, i)
            if fine is None and healed == i and _on_purpose(folded, i):
                continue  # "bewust afgevallen met een dieet": no sign, but the weight is what is asked about
            if fine is not None:
                end = fine + 1  # "het plassen gaat (gewoon) goed"
            elif healed is not None:
                end = healed + 1  # "... maar dat is helemaal over"
            elif end < len(folded) and folded[end].startswith("ge") and folded[end] in _PARTICIPLES:
                end += 1  # "geen ongeluk gehad"
            if start > 0 and end < len(folded) and folded[end] in _CLAUSE_BREAKS:
                end += 1  # "ik ben niet gevallen maar ...": the clause break goes with it
            elif start > 0:
                start -= 1  # "... en ik heb geen koorts": likewise the one before
            dropped.update(range(start, end))
        return dropped

    def names_back(self, word: str) -> bool:
        """Whether ``word`` (folded) names the back (a word of the vocabulary's ``context``: "rug", "onderrug",
        "spit", "ischias")."""
        return bool(self._patterns_of(word) & self._context)

    def names_other_complaint(self, words: list[str]) -> bool:
        """Whether ``words`` (tokenized) name, and do not deny, a complaint that is not back pain: one of the
        vocabulary's ``other_complaints`` ("griep", "migraine") or a compound of "pijn" or "klacht(en)" whose first
        part is no word of the back ("kiespijn", "maagklachten"; not "rugpijn", "ischiaspijn" nor "beenpijn")."""
        folded, per_word = self._read(words)
        return any((pats & self._others or (first := _complaint_of(w)) is not None and not self.names_back(first))
                   and not _negated(folded, i, fine=False) for i, (w, pats) in enumerate(zip(folded, per_word)))

    def names_other_care(self, words: list[str]) -> bool:
        """Whether ``words`` (tokenized) name, and do not deny, care the leaflet does not name: a treatment, aid,
        test or what it costs (the vocabulary's ``other_care``: "korset", "mri", "acupunctuur", "vergoed"); not
        what a physiotherapist may give when one is named (``physio_care``: "gaat de fysio mij masseren")."""
        folded, per_word = self._read(words)
        care = self._care
        if any(pats & self._physio_names for pats in per_word):
            care = care - self._physio_care  # "gaat de fysio mij masseren": what the physiotherapist does
        return any(pats & care and not _negated(folded, i, fine=False) for i, pats in enumerate(per_word))

    def names_radiating(self, words: list[str]) -> bool:
        """Whether ``words`` (tokenized) name the back and a place its pain radiates to (``radiating.places``:
        "bil", "been")."""
        folded, per_word = self._read(words)
        present = frozenset().union(*per_word)
        return bool(present & self._context and present & self._places)

    def back_words(self, words: list[str]) -> set[int]:
        """Which of ``words`` name the back (see :meth:`names_back`)."""
        return {i for i, w in enumerate(words) if self.names_back(_fold(w))}

    def match(self, text: str, context: bool = True) -> str | None:
        """The intent if ``text`` says a sign (not denied) and, if ``context``, also names the back; a sign's
        ``alone`` terms (a leg gone weak, "wanneer moet ik naar de huisarts") need no back."""
        words, per_word = self._read(tokenize(text))
        present = frozenset().union(*per_word)
        terms = self._terms if not context or present & self._context else self._alone
        for first in present:
            for term in terms.get(first, ()):
                if not present.issuperset(term):
                    continue
                if self._denials.intersection(term):  # "geen gevoel", "been* niet mee": a negative term itself
                    if any(term[0] in pats and not (i >= 1 and words[i - 1] in _NEGATIONS)
                           and self._denial_reaches(term, per_word, i) for i, pats in enumerate(per_word)):
                        return self.intent
                elif all(any(p in pats and not _negated(words, i) for i, pats in enumerate(per_word))
                         for p in term):  # every word of the term said, and not denied
                    return self.intent
        return None


class _MisspellingIndex:
    """The words of the model one slip away from a word: a letter that sounds the same ("fisio" for "fysio",
    "konditie"), and in words of at least ``min_length`` letters also one letter left out or added or two letters
    swapped ("pijnstilers", "terapeut", "fysiotehrapeut"). Not any other letter changed: "klanten" is no "planten".
    An index of each word with one letter deleted finds them without comparing every word."""

    _SOUNDS = ({"i", "y"}, {"c", "k"}, {"s", "z"}, {"f", "v"}, {"d", "t"})

    def __init__(self, words: Any, min_length: int = 7) -> None:
        self.min_length = min_length
        self._words = frozenset(words)
        self._by_deletion: dict[str, set[str]] = {}
        for word in self._words:
            if len(word) >= 4:
                for key in {word, *self._deletions(word)}:
                    self._by_deletion.setdefault(key, set()).add(word)

    @staticmethod
    def _deletions(word: str) -> set[str]:
        return {word[:i] + word[i + 1:] for i in range(len(word))}

    def _sound_alike(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` differ in one letter that sounds the same in Dutch."""
        if len(a) != len(b):
            return False
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        return len(diff) == 1 and any(set(diff[0]) <= pair for pair in self._SOUNDS)

    def near(self, word: str) -> set[str]:
        """The model's words one slip away from ``word`` (empty if ``word`` is one of them or too short)."""
        if word in self._words or len(word) < 4 or not word.isalpha():
            return set()
        found = {w for key in {word, *self._deletions(word)} for w in self._by_deletion.get(key, ())}
        return {w for w in found if self._sound_alike(word, w) or len(word) >= self.min_length and _one_slip(word, w)}


def _one_slip(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by leaving out or adding one letter, or by swapping two next to each other."""
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


class _Rejoiner:
    """Rejoins a word a speech recogniser heard in pieces ("lum ba go", "para ceta mol", "fol der"): a run of
    2 to ``max_pieces`` adjacent words whose concatenation (or its stem) is a word of the model, if not every
    piece is a word of the model itself ("ik heb", "rug pijn" stay apart). The longest run wins, left to right;
    a stem match ("bu reau stoe len" for "bureaustoel") only if no piece is a model word."""

    def __init__(self, words: set[str], max_pieces: int = 4, min_length: int = 5) -> None:
        self._words = frozenset(words)
        self._stems = frozenset(s for w in words if (s := _stem(w)))
        self._prefixes = frozenset(w[:3] for w in words if len(w) >= min_length)
        self._pieces = self._words | _FILLERS | _DETERMINERS | _PRONOUNS | _LEMMA.keys()  # real words: never pieces
        self._max = max_pieces
        self._min_length = min_length

    def _joins(self, run: list[str], real: list[bool]) -> bool:
        """Whether the pieces ``run`` (folded; ``real``: which are model words) say one model word: that word
        itself, or another form of it if no piece is a model word ("lang duurt" is no "langdurige")."""
        if all(real):
            return False
        joined = "".join(run)
        if len(joined) < self._min_length or joined[:3] not in self._prefixes:
            return False
        return joined in self._words or not any(real) and _stem(joined) in self._stems

    def join(self, words: list[str]) -> list[str]:
        """``words`` (tokenized) with every run of pieces of a model word replaced by that word."""
        folded = [_fold(w) for w in words]
        real = [w in self._pieces for w in folded]
        if all(real):
            return words  # the common case: nothing heard in pieces
        out: list[str] = []
        i, n = 0, len(words)
        while i < n:
            for size in range(min(self._max, n - i), 1, -1):
                if self._joins(folded[i:i + size], real[i:i + size]):
                    out.append("".join(folded[i:i + size]))
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return out


def _after(stems: list[str], mention: _Mention) -> list[str]:
    """The stems after ``mention``, without the particle of a split verb ("bouw het weer op")."""
    return stems[mention.end:mention.particle] + stems[mention.particle + 1:] if mention.particle \
        else stems[mention.end:]


def _content_signs() -> WarningSigns | None:
    return load_interaction().warning_signs


class Resolver:
    """Resolves text to a :class:`Resolution`; build it with :meth:`from_model` or :meth:`from_file`."""

    def __init__(self, model: dict[str, Any], tuning: Tuning | None = None,
                 signs: WarningSigns | None = None, classifier_cache: Path | None = None,
                 phrasings: Sequence[Phrasing] = ()) -> None:
        self.tuning = t = tuning or Tuning()
        lm = model["interactionModel"]["languageModel"]
        names = {intent["name"] for intent in lm.get("intents", [])}
        self._signs = _SignDetector(signs) if signs is not None and signs.intent in names else None
        self._index_values(lm.get("types", []))
        model_words = {_fold(w) for intent in lm.get("intents", []) for text in intent.get("samples", [])
                       for w in tokenize(SLOT_REF.sub(" ", text))}
        model_words |= {_fold(w) for slot_type in lm.get("types", []) for value in slot_type.get("values", [])
                        for phrase in [value["name"]["value"], *value["name"].get("synonyms", [])]
                        for w in tokenize(phrase)}
        if signs is not None:  # the vocabulary's own words are words too ("blok hout en" is no "houten")
            model_words |= {p for p in signs.vocabulary_words() if "*" not in p}
        self._rejoiner = _Rejoiner(model_words)
        self._builtin = BuiltinSlots(lm, _stem)  # samples with AMAZON.DURATION/TIME slots (skill/nlu/builtin_slots.py)

        samples: list[_Sample] = []
        sample_features: list[set[str]] = []
        self._templates: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
        vocabulary: set[str] = set()
        domain: set[str] = set()  # the words of all samples but the out-of-domain ones
        seen: set[tuple[str, str | None, tuple[str, ...]]] = set()
        for intent in lm.get("intents", []):
            slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            for text in intent.get("samples", []):
                if self._builtin.reads(intent["name"], text):
                    continue  # a sample with built-in slots: only BuiltinSlots can fill them (scored, it just blocks)
                stems: list[str] = []
                slot_name = slot_pos = None
                for i, piece in enumerate(SLOT_REF.split(text)):
                    if i % 2 == 0:
                        stems += normalize(piece)
                    elif piece in slot_types and slot_name is None:
                        slot_name, slot_pos = piece, len(stems)
                        stems.append(_placeholder(slot_types[piece]))
                if (intent["name"], slot_name, tuple(stems)) in seen:
                    continue  # the same words once normalised ("hallo rug advies", "hoi rug advies"): same scores
                seen.add((intent["name"], slot_name, tuple(stems)))
                vocabulary.update(s for s in stems if not s.startswith("{"))
                if intent["name"] != FALLBACK:
                    domain.update(s for s in stems if not s.startswith("{"))
                if slot_pos is not None and len(stems) >= 3:
                    key = (tuple(stems[:slot_pos]), tuple(stems[slot_pos + 1:]))
                    self._templates.setdefault(key, len(samples))
                samples.append(_Sample(intent["name"], slot_name, slot_types.get(slot_name) if slot_name else None,
                                       frozenset(stems)))
                sample_features.append(_features(stems))
        self._samples = samples
        self._vocabulary = frozenset(vocabulary)
        self._domain_vocabulary = frozenset(domain)
        # Words only out-of-domain samples use ("knie", "oven", "hond"): evidence of another subject.
        self._foreign = self._vocabulary - self._domain_vocabulary - self._value_stems
        # Every stem the model knows; an unknown stem of another form of a known word is read as that word.
        self._known = self._vocabulary | self._value_stems
        self._snapped: dict[str, str] = {}
        self._misspelt = _MisspellingIndex(w for w in model_words if _stem(w) in self._known)

        # IDF counted over intents: a word used by one intent only is the strongest evidence.
        intent_names = list(dict.fromkeys(s.intent for s in samples))
        self._sample_intent = np.array([intent_names.index(s.intent) for s in samples], dtype=np.intp)
        intents_of: dict[str, set[int]] = {}
        for s, feats in enumerate(sample_features):
            for f in feats:
                intents_of.setdefault(f, set()).add(int(self._sample_intent[s]))
        n = len(intent_names)
        idf = {f: math.log((n + 1) / (len(i) + 0.5)) for f, i in intents_of.items() if " " not in f}
        self._unknown = t.unknown_factor * max(idf.values(), default=1.0)
        self._weights: dict[str, float] = {}
        for f in intents_of:
            self._weights[f] = self._feature_weight(f, idf)
        self._feature_index = {f: i for i, f in enumerate(sorted(intents_of))}
        matrix = np.zeros((len(self._feature_index), len(samples)))
        intent_matrix = np.zeros((len(self._feature_index), n))
        for s, feats in enumerate(sample_features):
            for f in feats:
                row = self._feature_index[f]
                matrix[row, s] = self._weights[f]
                if " " not in f:
                    intent_matrix[row, self._sample_intent[s]] = self._weights[f]
        self._matrix = matrix
        self._intent_matrix = intent_matrix
        self._sample_weight = matrix.sum(axis=0)
        self._has_slot = np.array([s.slot is not None for s in samples])
        # A sample without a slot matches only a text with one of its heaviest words, the one most typical of
        # its intent: "ik kan niet slapen" is no "ik kan niet meer plassen", however alike the rest.
        keys = np.zeros_like(matrix, dtype=bool)
        for i, sample in enumerate(samples):
            if sample.slot is None and sample.words:
                top = max(self._weights[w] for w in sample.words)
                for w in sample.words:
                    keys[self._feature_index[w], i] = self._weights[w] >= top - 1e-9
        self._key_matrix = keys
        self._keyless = ~keys.any(axis=0)
        self._is_fallback = np.array([s.intent == FALLBACK for s in samples])
        # A model with out-of-domain samples says what lies outside it: only then do unknown words around a
        # slot value count against it (a toy model's few samples know too few words for that).
        self._out_of_domain = bool(self._is_fallback.any())
        # The second opinion, for a model that says what lies outside it (as the context check above).
        self._classifier = (for_model(model, normalize, _fold_text, classifier_cache, phrasings)
                            if t.second_opinion and self._out_of_domain else None)
        self._slotless_intents = frozenset(i["name"] for i in lm.get("intents", []) if not i.get("slots"))
        self._last_opinion: tuple[object, str, Opinion] | None = None

    def _index_values(self, types: list[dict[str, Any]]) -> None:
        """Slot values by first stem (longest phrases first), and one-word stems as compound heads."""
        phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        variants: dict[tuple[str, ...], tuple[str, str]] = {}
        self._heads: dict[str, tuple[str, str]] = {}
        self._separable: dict[tuple[str, str], tuple[str, str]] = {}  # (verb stem, particle) -> value
        self._value_names: dict[tuple[str, str], str] = {}  # (slot type, value id) -> the value's name
        for slot_type in types:
            for value in slot_type.get("values", []):
                vid = value.get("id") or value["name"]["value"]
                self._value_names[(slot_type["name"], vid)] = value["name"]["value"]
                for phrase in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                    key = tuple(normalize(phrase))
                    if not key:
                        continue
                    phrases.setdefault(key, (slot_type["name"], vid))
                    if len(key) == 1 and len(key[0]) >= 4 and not _derived(phrase, key[0]):
                        self._heads.setdefault(key[0], (slot_type["name"], vid))  # a compound's head, a split compound
                    words = tokenize(phrase)
                    last = _fold(words[-1])  # a separable verb at the end: "opbouwen", "weer opbouwen"
                    particle = next((p for p in _PARTICLES if last.startswith(p) and len(last) - len(p) >= 4), None)
                    if particle and (verb := _stem(last[len(particle):])):
                        self._separable.setdefault((verb, particle), (slot_type["name"], vid))
                    split = [part for w in words for part in _split_er(w)]  # "schiet erin": "schiet er ... in"
                    if len(split) > len(words):
                        phrases.setdefault(tuple(_stem(w) for w in split), (slot_type["name"], vid))
                    if len(words) == 2:  # also written as one word: "plat liggen" -> "platliggen"
                        phrases.setdefault((_stem("".join(words)),), (slot_type["name"], vid))
        for key, value in phrases.items():  # "waardoor krijg ik rugpijn" also as "... krijg je ...",
            if "ik" in key:  # whose "je" normalises like the possessive
                variants.setdefault(tuple("de" if k == "ik" else k for k in key), value)
            if len(key) >= 3 and "de" in key[1:]:  # the article or "het" left out: "waar komt (het) rugpijn vandaan"
                variants.setdefault(tuple(k for i, k in enumerate(key) if k != "de" or i == 0), value)
        self._head_prefixes = frozenset(head[:3] for head in self._heads)
        self._singles = {key[0]: value for key, value in phrases.items() if len(key) == 1 and len(key[0]) >= 3}
        # A phrase may also come with its last word first (Dutch verb-second: "krom lopen" -> "ik loop krom").
        entries = [(key, type_name, vid, 0.0) for key, (type_name, vid) in phrases.items()]
        entries += [(key, type_name, vid, self.tuning.pronoun_penalty) for key, (type_name, vid) in variants.items()
                    if key not in phrases]
        entries += [((key[-1], *key[:-1]), type_name, vid, self.tuning.reorder_penalty)
                    for key, (type_name, vid) in phrases.items()
                    if len(key) >= 2 and key[-1] != "de" and (key[-1], *key[:-1]) not in phrases]
        self._by_first: dict[str, list[tuple[tuple[str, ...], frozenset[str], str, str, float]]] = {}
        for key, type_name, vid, penalty in sorted(entries, key=lambda e: (-len(e[0]), e[3])):
            self._by_first.setdefault(key[0], []).append((key[1:], frozenset(key[1:]), type_name, vid, penalty))
        self._value_stems = frozenset(s for key in phrases for s in key) | {s for pair in self._separable for s in pair}

    def _feature_weight(self, feature: str, idf: dict[str, float]) -> float:
        if feature.startswith("{"):
            return self.tuning.slot_weight
        if " " in feature:
            a, b = feature.split(" ")
            return self.tuning.bigram_factor * max(self._feature_weight(a, idf), self._feature_weight(b, idf))
        return idf.get(feature, self._unknown)

    @classmethod
    def from_model(cls, model: dict[str, Any], tuning: Tuning | None = None,
                   signs: WarningSigns | None = None, classifier_cache: Path | None = None,
                   phrasings: Sequence[Phrasing] = ()) -> "Resolver":
        """A resolver for an interaction model given as a dict (the parsed JSON), with the warning-sign
        vocabulary ``signs`` (none by default) and the ``phrasings`` its classifier also learns from (none by
        default); ``classifier_cache``: see :func:`skill.nlu.classifier.for_model`."""
        return cls(model, tuning, signs, classifier_cache, phrasings)

    @classmethod
    def from_file(cls, path: Path | str | None = None, tuning: Tuning | None = None,
                  signs: WarningSigns | None | str = "content", classifier_cache: Path | None = None,
                  phrasings: Sequence[Phrasing] | str = "content") -> "Resolver":
        """A resolver for the model file at ``path`` (default ``interaction_models/nl-NL.json``), with the
        warning-sign vocabulary ``signs`` and the ``phrasings`` (default for both: those in ``content/``, that the
        model was built from); ``classifier_cache``: a directory that keeps the trained classifier between
        processes."""
        with open(path if path is not None else DEFAULT_MODEL_PATH, encoding="utf-8") as fh:
            model = json.load(fh)
        return cls(model, tuning, _content_signs() if signs == "content" else signs,  # type: ignore[arg-type]
                   classifier_cache, load_phrasings() if phrasings == "content" else phrasings)  # type: ignore[arg-type]

    # -- resolution ---------------------------------------------------------------------------

    def _mentions(self, words: list[str], stems: list[str]) -> list[_Mention]:
        """Every slot-value mention in ``stems`` (``words``: the same text unstemmed)."""
        t = self.tuning
        split: dict[int, tuple[str, str]] = {}  # a compound written as two words: "rug pijn", "onder rug"
        for i in range(len(words) - 1):
            if _prefix(words[i] + words[i + 1]) in self._head_prefixes:  # cheap test before stemming the joined word
                hit = self._heads.get(_stem(words[i] + words[i + 1]))
                if hit:
                    split[i] = hit
        found: list[_Mention] = []
        present = set(stems)
        for i, first in enumerate(stems):
            for rest, needed, type_name, vid, penalty in self._by_first.get(first, ()):
                if not needed <= present:
                    continue  # a word of the phrase is not in the text at all: no need to look for it in order
                end = self._match_rest(stems, i + 1, rest, vid, split)
                if end is not None:
                    gaps = end - i - 1 - len(rest)
                    found.append(_Mention(i, end, type_name, vid, penalty + t.gap_penalty * gaps))
        covered = {k for m in found for k in range(m.start, m.end)}
        for i, hit in split.items():  # also when its second part is a mention of its own: the compound is longer
            if i not in covered:
                found.append(_Mention(i, i + 2, hit[0], hit[1], t.compound_penalty))
        for i, stem in enumerate(stems):
            if i in covered or stem in self._vocabulary:
                continue
            for k in range(3, len(stem) - 3):  # modifier >= 3 letters, head >= 4
                hit = self._heads.get(stem[k:]) if stem[:k] not in _FUNCTION_WORDS else None  # not "het+zelfde"
                if hit:
                    found.append(_Mention(i, i + 1, hit[0], hit[1], t.compound_penalty))
                    break
            else:  # a derived word: a one-word synonym plus a Dutch ending ("fitter", "sportief")
                for cut in range(1, min(4, len(stem) - 3) + 1):
                    if stem[-cut:] not in _ENDINGS:
                        continue
                    hit = self._singles.get(stem[:-cut])
                    if hit:
                        found.append(_Mention(i, i + 1, hit[0], hit[1], t.derived_penalty))
                        break
        found = [self._weaken_positional(m, words) for m in found]
        for p in self._particle_positions(words):  # "hoe bouw ik het weer op (na een aanval)": "opbouwen"
            for i in range(max(0, p - 1 - t.max_separable_gap), p):
                hit = self._separable.get((stems[i], _fold(words[p])))
                if hit:  # the verb with its particle is another verb: "ik sta elk uur op" is "opstaan", not "staan"
                    found = [m for m in found if (m.start, m.end) != (i, i + 1)]
                    found.append(_Mention(i, i + 1, hit[0], hit[1], t.separable_penalty, particle=p))
        return found

    def _weaken_generic(self, words: list[str], stems: list[str], mentions: list[_Mention],
                        back: set[int]) -> list[_Mention]:
        """A mention that only says one has back pain ("last van je rug", "mijn onder rug", "rugpijn") is weaker
        than one of another value beside it: "wat voor stoel is goed als je last van je rug hebt" asks about the
        chair."""
        def generic(m: _Mention, words_of_it: frozenset[str] = _GENERIC) -> bool:
            return all(k in back or _fold(words[k]) in words_of_it or stems[k] in ("de", "ik")
                       for k in range(m.start, m.end))

        def circumstance(m: _Mention) -> bool:  # "(fietsen) met (lage) rugpijn": how one is, not what one asks
            return m.start > 0 and _fold(words[m.start - 1]) in _CIRCUMSTANCE and generic(m, _GENERIC_OR_LOW)

        def source(m: _Mention) -> bool:  # "mijn fysio zegt blijf bewegen ...": who said it, not what is asked
            return (m.end < len(words) and _fold(words[m.end]) in _REPORTING and m.start > 0
                    and stems[m.start - 1] == "de")  # "mijn fysio zegt", not "ge moet rechtzitten zegt ..."

        def job(m: _Mention) -> bool:  # "ik werk in de wegenbouw met een trilplaat": one's job, the setting
            # the verb after its subject at the start of a clause ("ik werk", "mijn man werkt"; not "kan ik werk ...")
            return (_fold(words[m.start]) in _WORKS and m.start > 0 and _fold(words[m.start - 1]) in _WORKERS
                    and (m.start < 2 or _fold(words[m.start - 2]) in _CLAUSE_BREAKS or stems[m.start - 2] == "de")
                    and all(stems[k] == "de" or _fold(words[k]) in _PLACE_PREPOSITIONS | {"als", "met", "voor"}
                            for k in range(m.start + 1, m.end)))
        t = self.tuning
        penalties = [(t.generic_penalty if generic(m) or job(m) or source(m) else 0.0)
                     + (t.circumstance_penalty if circumstance(m) else 0.0) for m in mentions]
        if all(penalties) or not any(penalties):
            return mentions
        return [replace(m, penalty=m.penalty + p) if p else m for m, p in zip(mentions, penalties)]

    def _weaken_positional(self, mention: _Mention, words: list[str]) -> _Mention:
        """A one-word mention that is a finite form of a positional verb is weak evidence: Dutch uses "zit",
        "staat", "ligt" and "loopt" in every other sentence ("het zit in mijn rug", "hoe staat het ervoor", "ik
        lig wakker"); the infinitive or a phrase ("lang zitten", "staan") names the activity."""
        if mention.end - mention.start != 1 or _fold(words[mention.start]) not in _POSITIONAL:
            return mention
        return replace(mention, penalty=mention.penalty + self.tuning.positional_penalty, positional=True)

    def _particle_positions(self, words: list[str]) -> list[int]:
        """Where a separable verb's particle may stand: at the end of the clause, which may still be followed by
        a short prepositional phrase ("ik bouw het weer op na de aanval")."""
        last = len(words) - 1
        positions = []
        for p in range(max(1, last - self.tuning.max_particle_tail), last + 1):
            if _fold(words[p]) in _PARTICLES and (p == last or _fold(words[p + 1]) in _TAIL_PREPOSITIONS):
                positions.append(p)
        return positions

    def _match_rest(self, stems: list[str], start: int, rest: tuple[str, ...], value_id: str,
                    split: dict[int, tuple[str, str]]) -> int | None:
        """End of a match of ``rest`` in ``stems`` from ``start``, skipping at most ``max_gap`` words in all;
        never a word that opens another clause ("als", "omdat"), nor an article's noun, nor a word that names
        another value ("veel stress met rugpijn"), nor the first half of a ``split`` compound that does ("last van mijn onder rug"). An article the synonym does not
        have starts another subject: "staat (de oven) nog aan" is no "aan staan"."""
        pos, skipped, timed, last_skipped = start, 0, 0, -1
        for stem in rest:
            while pos < len(stems) and stems[pos] != stem:
                if stems[pos] in _TIME_STEMS and timed < _MAX_TIME_WORDS:  # "mijn rug doet al een paar weken pijn"
                    pos, timed = pos + 1, timed + 1
                    continue
                if skipped == self.tuning.max_gap or stems[pos - 1] == "de" and pos - 1 in (start - 1, last_skipped):
                    return None
                if stems[pos] in _SUBORDINATORS:  # "bewegen als mijn rug pijn doet" is no "bewegen (zo) pijn"
                    return None
                other = self._singles.get(stems[pos]) or split.get(pos)
                if other is not None and other[1] != value_id:
                    return None
                pos, skipped, last_skipped = pos + 1, skipped + 1, pos
            if pos == len(stems):
                return None
            pos += 1
        return pos

    def _snap(self, word: str, stem: str) -> str:
        """The stem of another form of ``word`` that the model knows (``komt`` -> ``kom``), else ``stem``."""
        snapped = self._snapped.get(word)
        if snapped is None:
            folded = _fold(word)
            forms = _inflections(folded) + ([folded.replace("y", "ij")] if "y" in folded else [])  # "rugpyn"
            snapped = next((s for form in forms if (s := _stem(form)) in self._known), None)
            if snapped is None:  # one slip away from a word of the model ("pijnstilers", "terapeut")
                near = {_stem(w) for w in self._misspelt.near(folded)}
                snapped = near.pop() if len(near) == 1 else stem
            if len(self._snapped) < 100_000:
                self._snapped[word] = snapped
        return snapped

    def _scores(self, stems: list[str]) -> np.ndarray:
        """The score of ``stems`` against every sample.

        Mixes the IDF-weighted Dice coefficient with the sample (unigrams and bigrams:
        wording and word order) and the part of the text's word weight that the sample's
        intent uses in any of its samples (vocabulary).
        """
        feats = _features(stems)
        index = self._feature_index
        rows: list[int] = []
        total = words_total = 0.0
        for f in sorted(feats):  # a fixed order of summation, whatever the hash seed
            row = index.get(f)
            if row is not None:
                rows.append(row)
                w = self._weights[f]
            else:  # not in any sample: an unseen word, or an unseen pair of words
                w = self._feature_weight(f, self._weights)
            total += w
            if " " not in f:
                words_total += w
        if not rows:
            return np.zeros(len(self._samples))
        share = self.tuning.dice_share
        dice = 2.0 * self._matrix[rows].sum(axis=0) / (total + self._sample_weight)
        known = self._intent_matrix[rows].sum(axis=0) / words_total
        mixed = share * dice + (1.0 - share) * known[self._sample_intent]
        # The fallback's words are no domain of their own: only a close match to an out-of-domain sample counts.
        scores = np.where(self._is_fallback, dice, mixed)
        return np.where(self._keyless | self._key_matrix[rows].any(axis=0), scores, 0.0)

    def _context_known(self, stems: list[str], intent: int, neutral: set[str] | frozenset[str] = frozenset()) -> float:
        """The part of the weight of ``stems`` (the words around a slot value) that ``intent`` uses, that
        name a slot value too ("is spit ernstig") or that are ``neutral`` (who, when, how often: "mijn vader")."""
        total = known = 0.0
        for stem in set(stems):
            row = self._feature_index.get(stem)
            weight = self._weights[stem] if row is not None else self._unknown
            total += weight
            if stem in self._value_stems or stem in neutral or row is not None and self._intent_matrix[row, intent] > 0:
                known += weight
        return known / total if total else 1.0

    def _foreign_compound(self, word: str) -> bool:
        """Whether ``word`` starts or ends with a word that only out-of-domain samples use (4+ letters)."""
        folded = _fold(word)
        return any(_stem(folded[k:]) in self._foreign or _stem(folded[:k]) in self._foreign
                   for k in range(4, len(folded) - 3))

    def _unknown_capture(self, words: list[str], stems: list[str], mentions: list[_Mention]) -> Resolution | None:
        """A sample matched exactly but for a short span of unknown words in its slot position."""
        covered = {k for m in mentions for k in range(m.start, m.end)} | {m.particle for m in mentions if m.particle}
        n = len(stems)
        for length in range(1, self.tuning.max_unknown_words + 1):
            for i in range(0, n - length + 1):
                j = i + length
                index = self._templates.get((tuple(stems[:i]), tuple(stems[j:])))
                if index is None or covered.intersection(range(i, j)):
                    continue
                if sum(s != "de" for s in stems[:i] + stems[j:]) < self.tuning.min_capture_context:
                    continue  # too little context ("ik heb griep"): a statement, not a question about a topic
                if any(s in self._domain_vocabulary for s in stems[i:j] if s != "de"):
                    continue  # a word the model uses elsewhere: not the name of an unknown topic
                if any(s in self._foreign for s in stems[i:j]) or any(self._foreign_compound(w) for w in words[i:j]):
                    # a word only out-of-domain samples use, or a compound of one ("nek", "tenniselleboog", "koortslip")
                    return Resolution(FALLBACK, {}, 1.0)
                if stems[i] == "de" and (length == 1 or stems[i + 1] == "de"):
                    continue  # no more than an article
                sample = self._samples[index]
                assert sample.slot is not None
                return Resolution(sample.intent, {sample.slot: SlotValue(sample.slot, " ".join(words[i:j]), None)}, 1.0)
        return None

    def _second_opinion(self, resolution: Resolution, text: str, slot: str, mention: _Mention,
                        back: bool, mentioned: frozenset[str] = frozenset()) -> Resolution:
        """``resolution`` (a slot filled by ``mention``) as the sample classifier sees it: refused when it finds
        ``text`` out of domain ("hoe kom ik van het roken af"; by a wider margin if the text names the ``back``),
        or with another value of the same slot type when it is sure of that one ("ik ben schoonmaakster en doe
        elke dag dezelfde bewegingen is dat een oorzaak" asks for the risks, not about moving)."""
        t = self.tuning
        assert self._classifier is not None
        opinion = self._opinion(text)
        kind, _, rest = opinion.label.partition(":")
        if rest == FALLBACK and opinion.margin > (t.opinion_refuse_back if back else t.opinion_refuse):
            return Resolution(FALLBACK, {}, resolution.score)
        slot_type, _, value_id = rest.partition(":")
        switch = t.opinion_switch if value_id in mentioned else t.opinion_switch_unmentioned
        if (kind == "value" and slot_type == mention.slot_type and value_id != mention.value_id
                and opinion.margin > switch):
            name = self._value_names[(slot_type, value_id)]
            return replace(resolution, slots={**resolution.slots, slot: SlotValue(slot, name, value_id)})
        return resolution

    def _opinion(self, text: str) -> Opinion:
        """The classifier's opinion of ``text``, asked once per text: the second opinion, the agreement and the
        verdict of one resolution read the same one (the last text's is kept with its classifier, in one attribute:
        thread-safe)."""
        classifier = self._classifier
        assert classifier is not None
        last = self._last_opinion
        if last is not None and last[0] is classifier and last[1] == text:
            return last[2]
        opinion = classifier.opinion(text)
        self._last_opinion = (classifier, text, opinion)
        return opinion

    def rejoin(self, text: str) -> list[str]:
        """The words of ``text`` with every word a speech recogniser heard in pieces made whole again
        ("wat is lum ba go" -> ``["wat", "is", "lumbago"]``); what :meth:`resolve` reads."""
        return self._rejoiner.join(tokenize(text))

    def resolve(self, text: str) -> Resolution:
        """The most likely intent and slots for ``text``; ``AMAZON.FallbackIntent`` when nothing fits."""
        heard = tokenize(text)
        joined = self._rejoiner.join(heard)
        if joined != heard:  # a word heard in pieces ("para ceta mol"): read it whole from here on
            text = " ".join(joined)
        if self._signs is not None and (intent := self._signs.match(text)):
            return Resolution(intent, {}, 1.0)  # a warning sign with back pain: nothing else counts
        if self._signs is not None and (denied := self._signs.denied_words(joined)):
            kept = [w for i, w in enumerate(joined) if i not in denied]
            if normalize(" ".join(kept)):  # only what is asked besides the denied signs; all of it if that is all
                text = " ".join(kept)
        if self._builtin and (hit := self._builtin.match(text)):  # a sample with its built-in slots filled
            return Resolution(hit[0], {n: SlotValue(n, v, None, True) for n, v in hit[1].items()}, 1.0)
        return self._judged(*self._matched(text), text)

    def _judged(self, matched: Resolution, undo: float, text: str) -> Resolution:
        """The classifier's verdict on ``matched`` (the match of ``text`` against the samples): its own label when
        it leads the second by ``undo`` (see :meth:`_matched`) and is another answer. Learnt from the phrasings as
        well as the samples, it knows how patients put a question that no sample's words cover ("helpt een
        dagelijks rondje met de hond" is fitness). A referral to the GP only by the wider margin
        ``Tuning.opinion_refer``: a sign in words the vocabulary lacks ("ongelukjes met de grote boodschap"); never
        away from a referral the vocabulary found. A match that (nearly) is a sample stands, and so does what the
        rules settled (a fever without back pain stays another complaint)."""
        if self._classifier is None or matched.intent == (self._signs.intent if self._signs else None) \
                or matched.score >= self.tuning.opinion_below:
            return matched  # no classifier; a referral; or (nearly) a sample: "roken", "hoe moet ik tillen"
        opinion = self._opinion(text)
        if opinion.margin <= undo:
            return matched
        kind, _, rest = opinion.label.partition(":")
        if kind == "value":
            slot_type, _, value_id = rest.partition(":")
            if any(v.id == value_id for v in matched.slots.values()):
                return matched
            named = self._section_named(value_id) if (slot_type, value_id) in self._value_names else None
            return matched if named is None else replace(named, score=round(min(1.0, opinion.margin), 4))
        if rest == matched.intent or rest not in self._slotless_intents:
            return matched
        if self._signs is not None and rest == self._signs.intent and opinion.margin <= self.tuning.opinion_refer:
            return matched
        return Resolution(rest, {}, round(min(1.0, opinion.margin), 4))

    def _matched(self, text: str) -> tuple[Resolution, float]:
        """``text`` matched against the samples and slot values (the steps in the module docstring), and the margin
        the classifier must lead by to undo it (:meth:`_judged`): ``Tuning.opinion_override``, more for a refusal
        that rests on a word only out-of-domain samples use (``Tuning.opinion_unsettle``), and no margin at all
        when it is settled: the text is about something else by a rule (a saying, another complaint, care the
        leaflet does not name, a task), about a topic the leaflet lacks, or a sample's own words around a value."""
        t = self.tuning
        words, stems = _words_and_stems(text)
        if not stems:
            return Resolution(FALLBACK, {}, 0.0), math.inf
        stems = [s if s in self._known else self._snap(w, s) for w, s in zip(words, stems)]
        mentions = self._mentions(words, stems)
        if mentions and self._out_of_domain and self._asks_for_an_idiom(words, stems, mentions):
            return Resolution(FALLBACK, {}, 0.0), math.inf  # "wat betekent zijn mannetje staan": not the leaflet's words
        neutral = {s for w, s in zip(words, stems) if _neutral_context(_fold(w))} if mentions else set()
        # Where the text names the back, and whether it is about something else: both only matter for a candidate
        # whose slot a mention fills, so neither is worked out when there is no mention.
        back = self._signs.back_words(words) if mentions and self._signs is not None else set()
        if len({m.value_id for m in mentions}) > 1:
            mentions = self._weaken_generic(words, stems, mentions, back)
        # When the back goes unnamed: "mijn kat zit ...", "de kalkoen moet ... staan": the sentence is about something
        # only out-of-domain samples name, with an article or possessive, wherever but after a place preposition
        # ("mag mijn hond mee", "hoe til je een auto op"; but "ik werk bij de supermarkt"); or about another
        # complaint ("paracetamol tegen kiespijn", "stress en hoofdpijn"; "rugpijn", "ischiaspijn" name the back).
        # Named with the back, it is about the back as well ("mijn schouders en rug zitten vast").
        # An animal's back ("mijn hond heeft last van zijn rug", "een kameel met een bult op zijn rug") is only named
        # as his or hers: then too, the one the sentence is about counts.
        signs = self._signs
        theirs = bool(back) and all(k > 0 and _fold(words[k - 1]) in _THIRD_PERSON for k in back)
        reach = len(stems) - 1 if not back else min(3, len(stems) - 1)  # their back: the subject, at the start
        foreign_word = bool(mentions) and (not back or theirs) and any(
            stems[i] == "de" and stems[i + 1] in self._foreign
            and (i == 0 or stems[i - 1] not in _PLACE_PREPOSITIONS) for i in range(reach))
        # Care the leaflet does not name is asked about, back or no back ("is een korset goed voor mijn rug").
        by_rule = bool(mentions) and (
            not back and signs is not None and signs.names_other_complaint(words)
            or signs is not None and signs.names_other_care(words) or _asks_a_task(words))
        foreign_subject = foreign_word or by_rule
        # What the classifier must lead by to undo a refusal: a rule settles it; a word only out-of-domain samples
        # use is a guess from the samples, which the classifier may overrule when it is sure ("een abonnement bij
        # basic fit": a word of a sample about a magazine)
        undo = math.inf if by_rule else t.opinion_unsettle if foreign_word else t.opinion_override
        complaint = bool(back) or any(f in _COMPLAINTS or f.startswith(_COMPLAINT_PREFIXES) for w in words
                                      if (f := _fold(w))) if mentions else False
        plain = self._scores(stems)
        # The text as is, against intents without slots (and, if it names no slot value, with slots).
        slotless = np.where(self._has_slot, -1.0, plain)
        candidates = [_Best(float(slotless.max()), int(slotless.argmax()))]
        if not mentions:
            candidates.append(_Best(float(plain.max()), int(plain.argmax())))
        seen: set[tuple[int, int, int, str]] = set()
        for m in sorted(mentions, key=lambda m: (m.start - m.end, m.penalty)):  # longest, surest first
            if (m.start, m.end, m.particle, m.slot_type) in seen:
                continue  # the same hypothesis text: the first mention of this span decides
            seen.add((m.start, m.end, m.particle, m.slot_type))
            rest = _after(stems, m)
            scores = self._scores(stems[: m.start] + [_placeholder(m.slot_type)] + rest)
            best = int(scores.argmax())
            penalty = m.penalty
            if all(s in self._vocabulary for s in stems[m.start:m.end]):
                penalty += t.context_penalty  # words the samples use around the slot ("rugpijn")
            hypothesis = stems[: m.start] + rest
            candidates.append(_Best(float(scores[best]) - penalty, best, m,
                                    self._context_known(hypothesis, int(self._sample_intent[best]), neutral)))
        # First best wins ties: a literal match beats a template, a longer mention a shorter one.
        ranked = sorted(enumerate(candidates), key=lambda ic: (-ic[1].score, ic[0]))
        if ranked[0][1].score < 1.0 - 1e-9:
            captured = self._unknown_capture(words, stems, mentions)
            if captured is not None:
                return captured, math.inf
        for _, cand in ranked:
            sample = self._samples[cand.sample]
            if sample.intent == FALLBACK:  # an out-of-domain sample fits best: refuse, unless _agreed
                return self._refused(text, mentions, bool(back), foreign_subject, cand.score), undo
            if sample.intent == HELP and signs is not None and signs.names_other_complaint(words) \
                    and not signs.back_words(words):
                foreign_subject, undo = True, math.inf
                break  # "ik heb griep wat moet ik doen": help with another complaint is not this skill's
            if self._signs is not None and sample.intent == self._signs.intent and cand.score < t.threshold_unsigned:
                # the back pain of a warning-sign sample but no sign ("mijn rug zit helemaal vast"), or a sign
                # without the back ("ik heb koorts"): a sign with the back would have been found above
                continue
            filled = cand.mention is not None and sample.slot_type == cand.mention.slot_type
            if cand.mention is not None and back.difference(range(cand.mention.start, cand.mention.end)):
                # "is een ikea markus stoel goed voor mijn rug": unknown words, but a question about the back
                minimum = t.min_context_back
            elif cand.mention is not None and cand.mention.positional:
                minimum = t.min_context_positional
            elif cand.mention is not None and not complaint and cand.mention.end - cand.mention.start == 1:
                minimum = t.min_context_no_complaint
            else:
                minimum = t.min_context_known
            if filled and self._out_of_domain and (cand.context_known < minimum or foreign_subject):
                continue  # a topic word in a request about something else ("hoe repareer ik mijn laptop")
            if filled:
                threshold = t.threshold_slot
            elif sample.slot:
                threshold = t.threshold_empty_slot
            elif sample.words <= set(stems):
                threshold = t.threshold_contained  # every word of the sample was said, and more
            else:
                threshold = t.threshold
            if cand.score < threshold:
                continue
            slots: dict[str, SlotValue] = {}
            if filled:
                assert cand.mention is not None and sample.slot is not None
                value = " ".join(words[cand.mention.start:cand.mention.particle + 1 if cand.mention.particle
                                         else cand.mention.end])
                slots[sample.slot] = SlotValue(sample.slot, value, cand.mention.value_id)
            slots.update((n, SlotValue(n, v, None, True)) for n, v in self._builtin.fill(sample.intent, text).items())
            resolution = Resolution(sample.intent, slots, round(cand.score, 4))
            if filled and cand.mention is not None and cand.mention.positional \
                    and (radiating := self._radiating_answer(words, cand.score)) is not None:
                return radiating, t.opinion_override  # "is het normaal dat rugpijn ook in je been zit": where the pain is, not sitting
            # a sample's own words around the value ("mag ik opstaan als ik {onderwerp} lig"): settled by the model
            exact = filled and cand.mention is not None and self._fills_a_template(stems, cand.mention)
            settled = math.inf if exact else t.opinion_override
            if filled and self._classifier is not None and cand.score < t.opinion_below:
                assert cand.mention is not None and sample.slot is not None
                return self._second_opinion(resolution, text, sample.slot, cand.mention, bool(back),
                                            frozenset(m.value_id for m in mentions)), settled
            return resolution, settled
        if (radiating := self._radiating_answer(words, ranked[0][1].score)) is not None:
            return radiating, t.opinion_override  # "het schiet vanuit mijn rug in mijn bil": no sample fits, but it is the leaflet's
        return self._refused(text, mentions, bool(back), foreign_subject, ranked[0][1].score), undo

    def _fills_a_template(self, stems: list[str], mention: _Mention) -> bool:
        """Whether the words around ``mention`` are exactly those of a sample around its slot."""
        return (tuple(stems[:mention.start]), tuple(_after(stems, mention))) in self._templates

    def _radiating_answer(self, words: list[str], score: float) -> Resolution | None:
        """The leaflet's section on radiating pain with ``score``, if ``words`` name the back and a place its pain
        radiates to (see :meth:`_SignDetector.names_radiating`); else ``None``."""
        signs = self._signs
        if signs is None or not signs.radiating_section or not signs.names_radiating(words):
            return None
        named = self._section_named(signs.radiating_section)
        return None if named is None else replace(named, score=round(max(0.0, score), 4))

    def _refused(self, text: str, mentions: list[_Mention], back: bool, foreign_subject: bool,
                 score: float) -> Resolution:
        """The fallback with ``score``, or the section the words agree on (see :meth:`_agreed`) unless the text is
        about something else (``foreign_subject``)."""
        agreed = None if foreign_subject else self._agreed(text, mentions, back)
        if agreed is not None:
            return replace(agreed, score=round(max(0.0, score), 4))
        return Resolution(FALLBACK, {}, round(max(0.0, score), 4))

    def _agreed(self, text: str, mentions: list[_Mention], back: bool) -> Resolution | None:
        """When no sample fits well enough: the section the words name twice over (two mentions of one value, or a
        mention of several words with the back named) if the sample classifier is sure of that same value ("we gaan
        verhuizen en ik moet een zware kast naar beneden sjouwen": no carrier fits all the story, but it is lifting).
        The classifier is asked only when some value is named so."""
        t = self.tuning
        if self._classifier is None or not t.second_opinion:
            return None
        named = set()
        for value_id in {m.value_id for m in mentions}:
            own = sorted((m for m in mentions if m.value_id == value_id), key=lambda m: m.start)
            apart = sum(1 for a, b in zip(own, own[1:]) if b.start >= a.end) + 1
            if apart >= 2 or back and any(m.end - m.start >= 2 for m in own):
                named.add(value_id)
        if not named:
            return None
        opinion = self._opinion(text)
        kind, _, rest = opinion.label.partition(":")
        value_id = rest.partition(":")[2]
        if kind != "value" or opinion.margin < t.opinion_agree or value_id not in named:
            return None
        return self._section_named(value_id)

    @staticmethod
    def _asks_for_an_idiom(words: list[str], stems: list[str], mentions: list[_Mention]) -> bool:
        """Whether ``words`` ask what an expression means ("wat betekent zijn mannetje staan", "wat wil het zeggen als
        iemand ...", "... wat is de betekenis") that is no value's own
        words: after the question, more is said than one value's mentions cover (articles and fillers aside), or
        the expression is called an idiom or asked in another language; or how a word is spelt ("hoe spel je
        houding"). "wat betekent forceer niet", "wat bedoelen ze met lage rugpijn" ask for the leaflet's own words."""
        folded = [_fold(w) for w in words]
        if any(tuple(folded[:len(c)]) == c for c in _SPELLING):
            return True  # "hoe spel je fysiotherapeut": the word itself
        carrier = next((len(c) for c in _MEANING if tuple(folded[:len(c)]) == c), 0)
        end = len(stems)
        if not carrier and folded[:2] == ["waar", "komt"] and folded[-1] == "vandaan":
            carrier, end = 2, len(stems) - 1  # "waar komt zitten als een zoutzak vandaan": where a saying comes from
        after = next((len(c) for c in _MEANING_AFTER if len(folded) > len(c) and tuple(folded[-len(c):]) == c), 0)
        if not carrier and after:
            end = len(stems) - after  # "op het puntje van je stoel zitten wat is de betekenis"
        if not carrier and not after:
            return False
        if _LANGUAGE.intersection(folded):
            return True
        rest = {k for k in range(carrier, end) if stems[k] != "de" and folded[k] not in _LINKING}
        covered: dict[str, set[int]] = {}
        for m in mentions:
            covered.setdefault(m.value_id, set()).update(range(m.start, m.end))
        return not any(rest <= span for span in covered.values())

    def _section_named(self, value_id: str) -> Resolution | None:
        """The resolution of a slot value's own name ("wat is lage rugpijn"), if that is the value."""
        name = next((n for (_, vid), n in self._value_names.items() if vid == value_id), None)
        if name is None:
            return None
        named = self.resolve(name)
        return named if any(v.id == value_id for v in named.slots.values()) else None
