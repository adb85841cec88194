"""What a citizen's message means: pure functions over text and taps, driven by vocabulary.yaml."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from nagrik_contracts.outbound import Language

_REPEATS = re.compile(r"([a-z])\1+")


def normalise(text: str) -> str:
    """Lower case, NFC, punctuation and emoji dropped, Latin letter runs collapsed."""
    text = unicodedata.normalize("NFC", text).casefold()
    # Keep letters, marks (Devanagari vowel signs and virama are marks) and digits; drop the rest.
    text = "".join(ch if unicodedata.category(ch)[0] in "LMN" or ch == "-" else " " for ch in text)
    return " ".join(_REPEATS.sub(r"\1", word) for word in text.split())


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1 or any(
            a[:i] + a[i + 1] + a[i] + a[i + 2 :] == b for i in range(len(a) - 1)
        )
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@dataclass(frozen=True)
class Vocabulary:
    greetings: frozenset[str]
    languages: dict[str, Language]
    statuses: frozenset[str] = frozenset()
    skips: frozenset[str] = frozenset()

    def _matches(self, phrase: str, words: frozenset[str] | set[str], *, forgiving: bool = True) -> bool:
        if phrase in words:
            return True
        return forgiving and len(phrase) >= 4 and any(len(w) >= 4 and _within_one_edit(phrase, w) for w in words)

    def is_greeting(self, text: str, *, forgiving: bool = True) -> bool:
        """'Hi', 'hiii', 'Helo ji', 'नमस्ते', 'menu dikhao': a greeting word leads a short message.

        Not `forgiving` (while a form answer is expected), a typo is not forgiven: "Meena" is a name,
        not "menu" mistyped."""
        words = normalise(text).split()
        if not words or len(words) > 4:
            return False
        leading = {" ".join(words[:n]) for n in (1, 2)}
        return any(self._matches(phrase, self.greetings, forgiving=forgiving) for phrase in leading)

    def asks_status(self, text: str, *, forgiving: bool = True) -> bool:
        """'status', 'STATUS ', 'sthiti', 'mera aavedan', 'स्थिति': the whole message asks about applications."""
        return self._matches(normalise(text), self.statuses, forgiving=forgiving)

    def is_skip(self, text: str) -> bool:
        """'skip', 'छोड़ें', 'chhodo': the whole message says to leave something out."""
        return self._matches(normalise(text), self.skips)

    def language(self, text: str) -> Language | None:
        phrase = normalise(text)
        for word, language in self.languages.items():
            if self._matches(phrase, {word}):
                return language
        return None


@lru_cache
def load_vocabulary(path: Path = Path(__file__).parent / "vocabulary.yaml") -> Vocabulary:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Vocabulary(
        greetings=frozenset(normalise(word) for word in raw["greeting"]),
        languages={normalise(word): language for language, words in raw["language"].items() for word in words},
        statuses=frozenset(normalise(phrase) for phrase in raw["status"]),
        skips=frozenset(normalise(phrase) for phrase in raw["skip"]),
    )
