"""A second opinion for the resolver: a linear classifier trained on the interaction model's samples.

Alexa's own language understanding is a statistical model trained on a skill's sample utterances, with the
slot values filled in. The resolver (:mod:`skill.nlu.resolver`) matches a text against the samples one by one;
this classifier learns from all of them at once which words and word pieces tell the intents and the sections
apart, as Alexa's model does, so it weighs what the bag-of-words match cannot: "hoe kom ik van het roken af" is
nearer the out-of-domain samples than any carrier of "roken"; "... is dat een oorzaak" asks for the risks, whatever
activity the story before it names.

Training data: every sample of every intent of the model JSON, labelled ``intent:NAME``; a sample with the topic
slot once per slot value, with the value's name and a few of its synonyms filled in, labelled ``value:TYPE:ID``;
samples with a built-in slot (durations, times) are left out. Then the phrasings of ``content/phrasings/``
(:mod:`skill.content.phrasings`): what people said in their own words, each with the answer it must get, weighed
``PHRASING_WEIGHT`` times a sample. The samples teach the words of each section; the phrasings teach how patients
put a question ("mijn rug klopt de hele nacht door"), which no template covers. Features: TF-IDF of the resolver's
normalised stems (words and word pairs) and of the letters (3 to 5 within a word: compounds, misspellings, word
forms the stemmer leaves apart). Model: scikit-learn's ``LinearSVC`` with balanced class weights, so the 1 000
out-of-domain samples do not drown the few of a small intent. Training is deterministic and takes a few seconds;
one trained classifier per model is kept per process, and on disk if a cache directory is given (:func:`for_model`).
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import json
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from skill.content.interaction import SLOT_REF
from skill.content.phrasings import Phrasing

__all__ = ["PHRASING_WEIGHT", "Opinion", "SampleClassifier", "for_model", "phrasing_rows", "training_data"]

log = logging.getLogger(__name__)

#: How much one phrasing weighs against one sample row in training (each synonym fills several samples).
PHRASING_WEIGHT = 5.0


@dataclass(frozen=True)
class Opinion:
    """The classifier's best label (``intent:NAME``, or ``value:TYPE:ID`` for a sample of a slot filled with
    that value of that custom slot type) and its margin over the second best."""

    label: str
    margin: float


def training_data(model: dict[str, Any], samples_per_phrase: int = 8) -> tuple[list[str], list[str]]:
    """Texts and labels from the model: samples as they are, and each name or synonym of a custom slot type's value
    filled into ``samples_per_phrase`` of the samples of that slot, labelled with the value. Which samples a phrase
    goes into depends only on the phrase and the samples' own text (the lowest of a stable hash), so adding a
    synonym adds its own rows and leaves every other row as it was: the classifier moves little when content grows."""
    lm = model["interactionModel"]["languageModel"]
    types = {t["name"]: t for t in lm.get("types", [])}
    texts: list[str] = []
    labels: list[str] = []
    slot_samples: dict[str, list[str]] = {}  # custom slot type -> its samples
    for intent in lm.get("intents", []):
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            names = SLOT_REF.findall(sample)
            if not names:
                texts.append(sample)
                labels.append(f"intent:{intent['name']}")
            elif len(names) == 1 and slot_types.get(names[0]) in types:
                slot_samples.setdefault(slot_types[names[0]], []).append(sample)
            # else a built-in slot (AMAZON.DURATION ...): its values are Alexa's, not the model's
    for type_name, samples in slot_samples.items():
        for value in types[type_name].get("values", []):
            label = f"value:{type_name}:{value.get('id') or value['name']['value']}"
            for phrase in dict.fromkeys([value["name"]["value"], *value["name"].get("synonyms", [])]):
                for sample in heapq.nsmallest(samples_per_phrase, samples, key=lambda s: _stable_hash(phrase, s)):
                    texts.append(SLOT_REF.sub(phrase, sample, count=1))
                    labels.append(label)
    return texts, labels


def phrasing_rows(model: dict[str, Any], phrasings: Sequence[Phrasing]) -> tuple[list[str], list[str]]:
    """Texts and labels from ``phrasings``, each taught its first expected outcome: ``section:ID`` as the slot value
    ``ID`` (``value:TYPE:ID``), ``intent:NAME`` as itself. A phrasing whose outcome the model lacks (another model's
    section, an intent with a slot, ``section:?``) is left out."""
    lm = model["interactionModel"]["languageModel"]
    intents = {intent["name"] for intent in lm.get("intents", []) if not intent.get("slots")}
    value_types: dict[str, set[str]] = {}
    for slot_type in lm.get("types", []):
        for value in slot_type.get("values", []):
            value_types.setdefault(value.get("id") or value["name"]["value"], set()).add(slot_type["name"])
    texts: list[str] = []
    labels: list[str] = []
    for phrasing in phrasings:
        kind, _, target = phrasing.expected[0].partition(":")
        if kind == "intent" and target in intents:
            label = phrasing.expected[0]
        elif kind == "section" and len(value_types.get(target, ())) == 1:
            label = f"value:{next(iter(value_types[target]))}:{target}"
        else:
            continue
        texts.append(phrasing.utterance)
        labels.append(label)
    return texts, labels


def _stable_hash(*parts: str) -> bytes:
    """The same bytes for the same texts in every process (unlike ``hash``)."""
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=8).digest()


class SampleClassifier:
    """A linear classifier of texts into the model's intents and sections (see the module docstring)."""

    def __init__(self, model: dict[str, Any], normalize: Callable[[str], list[str]], fold: Callable[[str], str],
                 phrasings: Sequence[Phrasing] = ()) -> None:
        """``normalize`` gives a text's stems (the resolver's :func:`~skill.nlu.resolver.normalize`), ``fold`` the
        text lowercased without accents, for the letter features; ``phrasings``: see the module docstring."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline, make_union
        from sklearn.svm import LinearSVC

        texts, labels = training_data(model)
        weights = [1.0] * len(texts)
        said, taught = phrasing_rows(model, phrasings)
        texts, labels, weights = texts + said, labels + taught, weights + [PHRASING_WEIGHT] * len(said)
        if len(set(labels)) < 2:
            raise ValueError("the model needs samples of at least two intents or sections to train a classifier")
        words = TfidfVectorizer(analyzer=_WordFeatures(normalize), sublinear_tf=True)
        letters = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
                                  preprocessor=fold)
        self._pipeline = make_pipeline(make_union(words, letters),
                                       LinearSVC(C=0.5, class_weight="balanced", tol=1e-3, random_state=0))
        self._pipeline.fit(texts, labels, linearsvc__sample_weight=weights)
        self.labels: tuple[str, ...] = tuple(str(label) for label in self._pipeline.classes_)

    def opinion(self, text: str) -> Opinion:
        """The best label for ``text`` and how far it leads the second (in the SVM's decision units)."""
        scores = self._pipeline.decision_function([text])
        if scores.ndim == 1:  # two labels: one score, positive for the second
            value = float(scores[0])
            return Opinion(self.labels[int(value > 0)], abs(2 * value))
        row = scores[0]
        first, second = (int(i) for i in (-row).argsort()[:2])
        return Opinion(self.labels[first], float(row[first] - row[second]))


class _WordFeatures:
    """A text's stems and stem pairs (a named class, not a lambda, so that a trained pipeline can be pickled)."""

    def __init__(self, normalize: Callable[[str], list[str]]) -> None:
        self.normalize = normalize

    def __call__(self, text: str) -> list[str]:
        stems = self.normalize(text)
        return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:])]


@functools.lru_cache(maxsize=4)
def _trained(digest: str, text: str, normalize: Callable[[str], list[str]], fold: Callable[[str], str],
             cache_dir: Path | None, phrasings: tuple[Phrasing, ...]) -> SampleClassifier:
    path = cache_dir / f"classifier-{digest[:32]}.pickle" if cache_dir is not None else None
    if path is not None and path.is_file():
        try:
            with path.open("rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, SampleClassifier):
                return cached
        except Exception:  # a stale or broken file: train again and replace it
            log.warning("the classifier cache %s could not be read; training again", path, exc_info=True)
    classifier = SampleClassifier(json.loads(text), normalize, fold, phrasings)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".classifier-", delete=False) as fh:
                pickle.dump(classifier, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(fh.name, path)
            for stale in path.parent.glob("classifier-*.pickle"):  # of an older model or code: never read again
                if stale != path:
                    stale.unlink(missing_ok=True)
        except OSError:  # a read-only or full disk: the classifier still works, only the next start trains again
            log.warning("the classifier could not be cached in %s", path.parent, exc_info=True)
    return classifier


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """What a cached classifier depends on besides the model: this package's code (features, training, the
    resolver's stems) and scikit-learn's version."""
    import sklearn

    digest = hashlib.sha256(sklearn.__version__.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def for_model(model: dict[str, Any], normalize: Callable[[str], list[str]], fold: Callable[[str], str],
              cache_dir: Path | None = None, phrasings: Sequence[Phrasing] = ()) -> SampleClassifier:
    """The classifier of ``model`` and ``phrasings``, trained once per process for each (the same JSON and lines
    give the same one).
    With a ``cache_dir``, also kept on disk between processes, under a name made of the model, this package's code
    and scikit-learn's version: a start with a trained model reads it in well under a second instead of training
    (several seconds). The files are pickles, so the directory must be writable only by the service itself."""
    text = json.dumps(model, sort_keys=True, ensure_ascii=False)
    said = tuple(phrasings)
    lines = json.dumps([(p.utterance, p.expected[0]) for p in said], ensure_ascii=False)
    digest = hashlib.sha256(text.encode() + lines.encode()
                            + (_code_digest().encode() if cache_dir is not None else b"")).hexdigest()
    return _trained(digest, text, normalize, fold, cache_dir, said)
