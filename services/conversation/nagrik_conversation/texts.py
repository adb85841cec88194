"""The dialogue's texts, as data (texts.yaml), in Hindi and English."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from nagrik_contracts.outbound import Language

LANGUAGES: tuple[Language, ...] = ("hi", "en")


@dataclass(frozen=True)
class Texts:
    entries: dict[str, dict[str, str]]

    def get(self, key: str, language: Language, **values: object) -> str:
        text = self.entries[key][language]
        return text.format(government=self.entries["government"][language], **values) if "{" in text else text

    @classmethod
    def parse(cls, raw: dict) -> Texts:
        for key, entry in raw.items():
            missing = [lang for lang in LANGUAGES if not (entry or {}).get(lang, "").strip()]
            if missing:
                raise ValueError(f"text {key!r} lacks {', '.join(missing)}")
        return cls({key: dict(entry) for key, entry in raw.items()})


@lru_cache
def load_texts(path: Path = Path(__file__).parent / "texts.yaml") -> Texts:
    return Texts.parse(yaml.safe_load(path.read_text(encoding="utf-8")))
