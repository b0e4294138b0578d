"""What the search box says: words, "quoted phrases", -excluded words and
-"excluded phrases". Both backends search from this one parse, so that a query
means the same whichever answers it.

An unbalanced quote runs to the end of the text: people forget the closing one.
"""

import re
from dataclasses import dataclass

# A phrase: optional minus, a quote, anything up to the next quote or the end.
# Otherwise a run of non-space characters.
_TOKEN = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')
MAX_TERMS = 20  # more than anyone types; bounds the queries built from it


@dataclass(frozen=True)
class ParsedText:
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded_words: tuple[str, ...] = ()
    excluded_phrases: tuple[str, ...] = ()

    @property
    def wanted(self) -> tuple[str, ...]:
        """What must match: every word and every phrase."""
        return self.words + self.phrases

    @property
    def excluded(self) -> tuple[str, ...]:
        return self.excluded_words + self.excluded_phrases

    @property
    def is_empty(self) -> bool:
        return not (self.wanted or self.excluded)


def _phrase(text: str) -> str:
    return " ".join(text.split())


def parse(text: str) -> ParsedText:
    words: list[str] = []
    phrases: list[str] = []
    excluded_words: list[str] = []
    excluded_phrases: list[str] = []
    for minus, quoted, bare in _TOKEN.findall(text or ""):
        if bare:
            excluding = bare.startswith("-")
            word = bare.lstrip("-").replace('"', "")
            if word:
                (excluded_words if excluding else words).append(word)
            continue
        phrase = _phrase(quoted)
        if not phrase:
            continue
        # A one-word "phrase" is a word: the same match, simpler queries.
        if " " in phrase:
            (excluded_phrases if minus else phrases).append(phrase)
        else:
            (excluded_words if minus else words).append(phrase)
    return ParsedText(
        tuple(dict.fromkeys(words))[:MAX_TERMS],
        tuple(dict.fromkeys(phrases))[:MAX_TERMS],
        tuple(dict.fromkeys(excluded_words))[:MAX_TERMS],
        tuple(dict.fromkeys(excluded_phrases))[:MAX_TERMS],
    )
