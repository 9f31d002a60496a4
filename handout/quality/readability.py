"""The reading-level gate (R1, R4, R5): plain language is the point of a patient handout.

English is measured with Flesch-Kincaid (at most grade 8, target 6); Spanish with
Fernández-Huerta (reported); languages without a validated formula get their longest sentence
reported, in words, or in characters for Chinese. Uses textstat 0.7.4, which counts syllables
with pyphen's hyphenation dictionaries and so works offline (0.7.13 needs an NLTK download).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handout.model import Article
from handout.quality import Result, failed, passed, warned
from handout.quantities import QUANTITY_PATTERN

MAX_GRADE = 8.0  # R1 hard gate
TARGET_GRADE = 6.0  # R1 target: above it is a warning
_SENTENCE_END = re.compile(r"(?<=[.!?;؟।])\s+|(?<=[。！？；])")
_CHARACTER_SCRIPTS = ("zh", "ja")  # no spaces between words: count characters


@dataclass(frozen=True)
class Longest:
    length: int
    unit: str  # "words" or "characters"
    sentence: str

    def __str__(self) -> str:
        start = self.sentence if len(self.sentence) <= 40 else self.sentence[:39] + "…"
        return f"longest sentence {self.length} {self.unit} ('{start}')"


def body_text(article: Article) -> str:
    """The running text a reader reads: message, intro, fact, causes, remedies, when-to-talk.

    Headings and checklist action phrases are left out (they are not sentences), quantity
    markers are unwrapped (`{{10-11 kg}}` -> `10-11 kg`) and every part ends a sentence.
    """
    parts = [article.main_message, article.intro, article.fact]
    parts += [cause.text for region in article.regions for cause in region.causes]
    parts += [remedy.text for remedy in article.remedies]
    parts += list(article.when_to_talk.items)
    text = []
    for part in parts:
        part = QUANTITY_PATTERN.sub(lambda m: m.group(1).strip(), part).strip()
        if part and part[-1] not in ".!?;:。！？؟।":
            part += "."
        text.append(part)
    return " ".join(text)


def longest_sentence(text: str, lang: str) -> Longest:
    by_chars = lang.split("-")[0] in _CHARACTER_SCRIPTS
    best = Longest(0, "characters" if by_chars else "words", "")
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        length = len(re.sub(r"\s", "", sentence)) if by_chars else len(sentence.split())
        if length > best.length:
            best = Longest(length, best.unit, sentence)
    return best


def reading_gate(article: Article) -> list[Result]:
    """One result: FK grade for English, Fernández-Huerta for Spanish, else the longest sentence."""
    import textstat

    text = body_text(article)
    longest = longest_sentence(text, article.lang)
    if article.lang == "en" or article.lang.startswith("en-"):
        textstat.set_lang("en")
        grade = float(textstat.flesch_kincaid_grade(text))
        smog = float(textstat.smog_index(text))
        detail = (
            f"Flesch-Kincaid grade {grade:.1f} (at most {MAX_GRADE:g}, target {TARGET_GRADE:g}); "
            f"SMOG {smog:.1f}; {longest}"
        )
        if grade > MAX_GRADE:
            return [failed("reading", f"{detail}: use shorter sentences and shorter words")]
        if grade > TARGET_GRADE:
            return [warned("reading", f"{detail}: above the target")]
        return [passed("reading", detail)]
    if article.lang == "es" or article.lang.startswith("es-"):
        textstat.set_lang("es")
        score = float(textstat.fernandez_huerta(text))
        return [
            passed("reading", f"Fernández-Huerta {score:.0f} ({_huerta_band(score)}); {longest}")
        ]
    return [
        passed(
            "reading", f"{longest}; no validated formula for '{article.lang}', review by a reader"
        )
    ]


def _huerta_band(score: float) -> str:
    """Fernández-Huerta's own bands (the scale of Flesch reading ease)."""
    for floor, name in (
        (90, "very easy"),
        (80, "easy"),
        (70, "fairly easy"),
        (60, "standard"),
        (50, "fairly difficult"),
        (30, "difficult"),
    ):
        if score >= floor:
            return name
    return "very difficult"
