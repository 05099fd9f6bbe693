"""One normalisation of text for search, shared by the documents the engines index and the queries they run.

PostgreSQL's parser and SQLite's tokenizers know no Chinese word breaks, and stem English differently: so the
text is cut into tokens here, the same way for both engines, and each engine only indexes those tokens.

- Latin script: words (runs of letters and digits), lower-cased, accents dropped, English-stemmed, so that
  "Synchrotrons" and "synchrotron" are one token.
- Chinese: overlapping character bigrams (核磁共振 → 核磁 磁共 共振), so that any two-character query finds
  what contains it without a dictionary; the last character of a run is indexed alone too, so that a
  one-character query (a prefix) finds it even at the end of a word.

Framework-free: the registry's models and selectors use it; so can anything else.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# CJK Unified Ideographs (with extension A and the compatibility block): the scripts without word breaks.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
MAX_QUERY_TERMS = 32
# Prefixes shorter than this would match too many tokens to be worth an index lookup.
MIN_PREFIX = 3

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def _fold(text: str) -> str:
    """Lower case, compatibility forms unified (full-width letters → ASCII), accents dropped."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


def _runs(text: str) -> list[str]:
    return _RUN.findall(_fold(text))


@lru_cache(maxsize=20_000)
def _text_tokens(text: str) -> tuple[str, ...]:
    """The tokens of one text (cached: a registry repeats its technique and kind names many times)."""
    out: dict[str, None] = {}
    for run in _runs(text):
        if _IS_CJK.match(run):
            out.update(dict.fromkeys(_bigrams(run)))
            out[run[-1]] = None
        else:
            out[_stem(run)] = None
    return tuple(out)


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(*texts: str | None) -> list[str]:
    """The tokens of a document, in order, without repeats."""
    out: dict[str, None] = {}
    for text in texts:
        if text:
            out.update(dict.fromkeys(_text_tokens(text)))
    return list(out)


def document(*texts: str | None) -> str:
    """What a record stores for the engine to index: its tokens separated by spaces."""
    return " ".join(tokens(*texts))


@dataclass(frozen=True)
class Term:
    token: str
    prefix: bool = False


def query_terms(query: str) -> list[Term]:
    """The terms every match must contain. The last English word matches as a prefix (search as you type);
    a one-character Chinese query matches every bigram it starts."""
    terms: dict[Term, None] = {}
    runs = _runs(query)
    for n, run in enumerate(runs):
        if _IS_CJK.match(run):
            if len(run) == 1:
                terms[Term(run, prefix=True)] = None
            else:
                terms.update(dict.fromkeys(Term(b) for b in _bigrams(run)))
        else:
            last = n == len(runs) - 1
            terms[Term(_stem(run), prefix=last and len(run) >= MIN_PREFIX)] = None
    return list(terms)[:MAX_QUERY_TERMS]


def is_chinese(text: str) -> bool:
    """Whether the text is Chinese characters only (spaces aside)."""
    stripped = "".join(text.split())
    return bool(stripped) and all(_IS_CJK.match(c) for c in stripped)


def postgres_query(terms: list[Term], *, weight: str = "") -> str:
    """A tsquery of literal lexemes (cast with ::tsquery, so PostgreSQL's parser does not re-cut them);
    with `weight` "A", matching only the names (migration 0005 weighs them A)."""

    def lexeme(term: Term) -> str:
        label = ("*" if term.prefix else "") + weight
        return f"'{term.token}'" + (f":{label}" if label else "")

    return " & ".join(lexeme(t) for t in terms)


def sqlite_query(terms: list[Term]) -> str:
    """An FTS5 query: every term, quoted; a prefix term with its star."""
    return " ".join(f'"{t.token}"' + ("*" if t.prefix else "") for t in terms)
