"""Writes on training: courses, and records entered one at a time or by a CSV file (all rows or none).

A refused write raises `PermissionDenied` (the actor is not the course's staff) or `ValidationError` (every
problem, for a CSV file each with its line number).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from sciencecity.accounts.models import User
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied
from sciencecity.visits.models import Course, TrainingRecord
from sciencecity.visits.permissions import can_enter_training, courses_enterable_by
from sciencecity.visits.selectors import user_by_username_or_email

CSV_COLUMNS = ("user", "course", "completed_at", "expires_at", "note")
CSV_REQUIRED = ("user", "course", "completed_at")
MAX_CSV_ROWS = 5000


@transaction.atomic
def course_create(**values: Any) -> Course:
    course = Course(**values)
    course.full_clean()
    course.save()
    return course


def _check_times(completed_at: dt.datetime, expires_at: dt.datetime | None) -> None:
    problems = {}
    if timezone.is_naive(completed_at):
        problems["completed_at"] = _("Give the completion time with its time zone.")
    if expires_at is not None and timezone.is_naive(expires_at):
        problems["expires_at"] = _("Give the expiry time with its time zone.")
    if problems:
        raise ValidationError(problems)
    if expires_at is not None and expires_at <= completed_at:
        raise ValidationError({"expires_at": _("A record expires after the course was completed.")})
    if completed_at > timezone.now():
        raise ValidationError({"completed_at": _("A course cannot be completed in the future.")})


@transaction.atomic
def training_record_create(
    *,
    actor: User,
    user: User,
    course: Course,
    completed_at: dt.datetime,
    expires_at: dt.datetime | None = None,
    note: str = "",
) -> TrainingRecord:
    """Record that `user` completed `course`; it expires after the course's validity unless told otherwise."""
    if not can_enter_training(actor, course):
        raise PermissionDenied(_("Only the staff of the course's instrument or facility enter its records."))
    _check_times(completed_at, expires_at)
    record = TrainingRecord(
        user=user,
        course=course,
        completed_at=completed_at,
        expires_at=expires_at if expires_at is not None else course.expiry_after(completed_at),
        entered_by=actor,
        note=note,
    )
    record.full_clean()
    record.save()
    audit_record(actor=actor, target=record, action="training.record", to_state=course.slug)
    return record


# --- CSV import --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    records: list[TrainingRecord]


@dataclass(frozen=True)
class _Row:
    user: User
    course: Course
    completed_at: dt.datetime
    expires_at: dt.datetime | None
    note: str


def _parse_time(text: str, tz: dt.tzinfo) -> dt.datetime | None:
    """An ISO 8601 time (with its offset, or taken in `tz`), or a date (midnight in `tz`)."""
    text = text.strip()
    try:
        when = parse_datetime(text)
        day = None if when else parse_date(text)
    except ValueError:  # well formed but impossible, e.g. 2026-02-30
        return None
    if when is not None:
        return when if timezone.is_aware(when) else timezone.make_aware(when, tz)
    if day is not None:
        return timezone.make_aware(dt.datetime.combine(day, dt.time()), tz)
    return None


def _read_row(row: dict[str, str], allowed: dict[str, Course], tz: dt.tzinfo) -> _Row | list[str]:
    """The row's record, or every problem with it."""
    problems: list[str] = []
    user = user_by_username_or_email(row["user"]) if row.get("user") else None
    if user is None:
        problems.append(
            _("no single active user has the username or e-mail “%(key)s”") % {"key": row.get("user", "")}
        )
    slug = row.get("course", "")
    course = allowed.get(slug)
    if course is None:
        exists = Course.objects.filter(slug=slug).exists()
        refusal = (
            _("you do not enter records of the course “%(slug)s”") if exists else _("no course “%(slug)s”")
        )
        problems.append(refusal % {"slug": slug})
    completed = _parse_time(row.get("completed_at", ""), tz)
    if completed is None:
        problems.append(
            _("completed_at “%(v)s” is not a date or an ISO 8601 time") % {"v": row.get("completed_at", "")}
        )
    elif completed > timezone.now():
        problems.append(_("completed_at is in the future"))
    expires = None
    if row.get("expires_at"):
        expires = _parse_time(row["expires_at"], tz)
        if expires is None:
            problems.append(
                _("expires_at “%(v)s” is not a date or an ISO 8601 time") % {"v": row["expires_at"]}
            )
        elif completed is not None and expires <= completed:
            problems.append(_("expires_at is not after completed_at"))
    if problems or user is None or course is None or completed is None:
        return problems
    return _Row(user, course, completed, expires, row.get("note", ""))


@transaction.atomic
def training_records_import(*, actor: User, content: str, time_zone: dt.tzinfo | None = None) -> ImportResult:
    """Enter every row of a CSV file, or none: every problem is reported with its line number.

    Columns: user (username or e-mail), course (its identifier), completed_at, and optionally expires_at and
    note. Times are ISO 8601; without an offset (or a bare date) they are read in `time_zone`.
    """
    tz = time_zone or timezone.get_current_timezone()
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    headers = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in CSV_REQUIRED if c not in headers]
    if missing:
        raise ValidationError(
            _("Line 1: the file lacks the columns %(cols)s.") % {"cols": ", ".join(missing)}
        )
    unknown = [h for h in headers if h not in CSV_COLUMNS]
    if unknown:
        raise ValidationError(
            _("Line 1: unknown columns %(cols)s (known: %(known)s).")
            % {"cols": ", ".join(unknown), "known": ", ".join(CSV_COLUMNS)}
        )
    allowed = {c.slug: c for c in courses_enterable_by(actor)}
    problems: list[str] = []
    staged: list[_Row] = []
    for count, raw in enumerate(reader, start=1):
        line = reader.line_num
        if count > MAX_CSV_ROWS:
            problems.append(
                _("Line %(line)d: a file holds at most %(max)d rows.") % {"line": line, "max": MAX_CSV_ROWS}
            )
            break
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if isinstance(k, str)}
        if None in raw:
            problems.append(_("Line %(line)d: more values than columns.") % {"line": line})
            continue
        if not any(row.values()):
            continue
        read = _read_row(row, allowed, tz)
        if isinstance(read, list):
            problems.append(_("Line %(line)d: %(problems)s.") % {"line": line, "problems": "; ".join(read)})
        else:
            staged.append(read)
    if problems:
        raise ValidationError(problems)
    if not staged:
        raise ValidationError(_("The file holds no rows."))
    records = [
        training_record_create(
            actor=actor,
            user=r.user,
            course=r.course,
            completed_at=r.completed_at,
            expires_at=r.expires_at,
            note=r.note,
        )
        for r in staged
    ]
    return ImportResult(records=records)
