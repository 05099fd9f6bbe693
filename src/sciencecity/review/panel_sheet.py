"""The panel sheet for the panel meeting: the ranking as rows of cells, as CSV and as XLSX.

Reviewers appear as "Reviewer 1: 5; Reviewer 2: 4", never by name. Text that a spreadsheet would read as a
formula (starting with = + - @) is prefixed with an apostrophe, so a proposal title cannot run in the chair's
spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from sciencecity.review.ranking import Row

Cell = str | int | float | None
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def header() -> list[str]:
    return [
        _("Rank"),
        _("Reference"),
        _("Title"),
        _("Status"),
        _("Mean score"),
        _("Normalised score"),
        _("Lowest"),
        _("Highest"),
        _("Standard deviation"),
        _("Reviews"),
        _("Scores"),
        _("Technical verdicts"),
        _("Requested shifts"),
        _("Recommended shifts"),
        _("Moved by the chair"),
    ]


def _safe(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cells(row: Row) -> list[Cell]:
    label = _("Reviewer %(n)d: %(score)d")
    scores = "; ".join(label % {"n": n, "score": s} for n, s in row.reviewer_scores())
    verdicts = "; ".join(f"{v.instrument}: {v.label}" for v in row.verdicts)
    values: list[Cell] = [
        row.rank,
        row.proposal.reference,
        row.proposal.title,
        str(row.proposal.get_status_display()),
        None if row.mean is None else round(row.mean, 3),
        None if row.normalised is None else round(row.normalised, 3),
        row.spread.low if row.spread else None,
        row.spread.high if row.spread else None,
        round(row.spread.std, 3) if row.spread else None,
        row.n_reviews,
        scores,
        verdicts,
        row.requested,
        row.recommended,
        _("yes") if row.adjusted else "",
    ]
    return [_safe(v) for v in values]


def as_csv(rows: Sequence[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    for row in rows:
        writer.writerow(["" if v is None else v for v in cells(row)])
    return out.getvalue()


def as_xlsx(rows: Sequence[Row], title: str) -> bytes:
    book = Workbook()
    sheet = book.active or book.create_sheet()
    # A sheet's name: at most 31 characters, none of []:*?/\
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Panel"
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(cells(row))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
