"""Publication lists a person hands the platform (BibTeX or CSL-JSON), read without any network.

Only what conflict-of-interest checks need is kept: title, year, DOI and each author as a name key
(family name and first initial, accents and case folded) plus an ORCID iD where the file gives one.
Framework-free (no Django).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts


class PublicationFileError(ValueError):
    """The file is not BibTeX or CSL-JSON, or an entry lacks what is needed; the message says which."""


@dataclass(frozen=True)
class Author:
    key: str  # "zhang w"
    orcid: str = ""


@dataclass(frozen=True)
class Publication:
    title: str
    year: int
    authors: tuple[Author, ...]
    doi: str = ""


def name_key(family: str, given: str = "") -> str:
    """'Zhang', 'Wei' → 'zhang w'; 'Müller', 'Hans' → 'muller h'. Chinese names are kept as written."""

    def fold(text: str) -> str:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        return re.sub(r"[^\w\s-]", "", text).strip().lower()

    family, given = fold(family), fold(given)
    return f"{family} {given[:1]}".strip()


def parse(text: str, filename: str = "") -> list[Publication]:
    """CSL-JSON when the text is JSON (or the file ends in .json), else BibTeX."""
    stripped = text.lstrip()
    if filename.lower().endswith(".json") or stripped.startswith(("[", "{")):
        return parse_csl_json(text)
    return parse_bibtex(text)


def parse_csl_json(text: str) -> list[Publication]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PublicationFileError(f"not valid JSON (line {exc.lineno}): {exc.msg}") from exc
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise PublicationFileError("CSL-JSON is a list of items")
    publications = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise PublicationFileError(f"item {number} is not an object")
        authors = tuple(
            Author(
                key=name_key(str(a.get("family") or a.get("literal") or ""), str(a.get("given") or "")),
                orcid=_orcid(str(a.get("ORCID") or "")),
            )
            for a in item.get("author") or []
            if isinstance(a, dict) and (a.get("family") or a.get("literal"))
        )
        year = _csl_year(item.get("issued"))
        if year is None:
            raise PublicationFileError(f"item {number} ({item.get('title', '?')}) has no year in 'issued'")
        publications.append(
            Publication(
                title=str(item.get("title", "")), year=year, authors=authors, doi=str(item.get("DOI", ""))
            )
        )
    return publications


def parse_bibtex(text: str) -> list[Publication]:
    library = bibtexparser.parse_string(
        text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()]
    )
    if library.failed_blocks:
        first = library.failed_blocks[0]
        raise PublicationFileError(f"BibTeX that cannot be read near line {(first.start_line or 0) + 1}")
    if not library.entries and text.strip():
        raise PublicationFileError("no BibTeX entry found")
    publications = []
    for entry in library.entries:
        fields = {f.key.lower(): f.value for f in entry.fields}
        year_text = str(fields.get("year", ""))
        match = re.search(r"\d{4}", year_text)
        if not match:
            raise PublicationFileError(f"entry {entry.key} has no year")
        names = fields.get("author") or []
        authors = tuple(
            Author(key=name_key(" ".join([*n.von, *n.last]), " ".join(n.first)))
            for n in names
            if hasattr(n, "last")
        )
        publications.append(
            Publication(
                title=str(fields.get("title", "")),
                year=int(match.group()),
                authors=authors,
                doi=str(fields.get("doi", "")),
            )
        )
    return publications


def coauthored(
    publications: Iterable[Publication], person: Sequence[Author], *, since_year: int
) -> list[Publication]:
    """The publications from `since_year` on that list one of `person`'s name keys or ORCID iDs."""
    keys = {a.key for a in person if a.key}
    orcids = {a.orcid for a in person if a.orcid}
    return [
        pub
        for pub in publications
        if pub.year >= since_year
        and any(a.key in keys or (a.orcid and a.orcid in orcids) for a in pub.authors)
    ]


def _orcid(text: str) -> str:
    match = re.search(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", text)
    return match.group() if match else ""


def _csl_year(issued: object) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            try:
                return int(parts[0][0])
            except (TypeError, ValueError):
                return None
        raw = issued.get("raw") or issued.get("literal")
        if raw:
            match = re.search(r"\d{4}", str(raw))
            return int(match.group()) if match else None
    return None
