"""Training pages: a person's qualifications, and the staff's records of their instruments' courses.

Thin: parse, authorise (visits.permissions), call one service or selector, render. The staff page answers
403 to someone who is staff of nothing; what a staff member sees is only their courses' records.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from sciencecity.accounts.models import User
from sciencecity.core.errors import PermissionDenied
from sciencecity.registry.models import Instrument
from sciencecity.visits import selectors, services
from sciencecity.visits.forms import ImportForm, RecordForm, WantedForm
from sciencecity.visits.permissions import courses_enterable_by, is_training_staff

STAFF_LIST_LIMIT = 200


def _instruments_of_interest(user: User, wanted: Instrument | None) -> list[Instrument]:
    """The instrument asked about, then those the person booked or holds an instrument course for."""
    theirs = (
        Instrument.objects.filter(Q(courses__records__user=user) | Q(bookings__user=user))
        .select_related("facility")
        .distinct()
        .order_by("facility__code", "code")
    )
    instruments = [wanted] if wanted else []
    return instruments + [i for i in theirs if i != wanted]


@require_GET
@login_required
def qualifications(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = WantedForm(request.GET or None)
    wanted = form.cleaned_data["instrument"] if form.is_valid() else None
    now = timezone.now()
    records = list(selectors.records_of(user))
    needs = selectors.needs_for(user, _instruments_of_interest(user, wanted), at=now)
    return render(
        request,
        "visits/qualifications.html",
        {"form": form, "records": records, "needs": needs, "now": now, "wanted": wanted},
        status=200 if form.is_valid() or not request.GET else 422,
    )


@require_http_methods(["GET", "POST"])
@login_required
def staff(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    if not is_training_staff(actor):
        return render(request, "403.html", status=403)
    courses = courses_enterable_by(actor).select_related("instrument", "facility")
    record_form = RecordForm(courses=courses, prefix="one")
    import_form = ImportForm(prefix="csv")
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "record":
                record_form = RecordForm(request.POST, courses=courses, prefix="one")
                if record_form.is_valid():
                    _enter_one(actor, record_form)
                    return redirect(request.path)
            elif action == "import":
                import_form = ImportForm(request.POST, request.FILES, prefix="csv")
                if import_form.is_valid():
                    result = services.training_records_import(
                        actor=actor, content=import_form.cleaned_data["file"]
                    )
                    n = len(result.records)
                    messages.success(
                        request, ngettext("%(n)d record entered.", "%(n)d records entered.", n) % {"n": n}
                    )
                    return redirect(request.path)
            else:
                problems = [_("Choose to enter one record or to import a file.")]
        except ValidationError as exc:
            problems = list(exc.messages)
        except PermissionDenied as exc:
            problems = [str(exc)]
        status = 422
    chosen = request.GET.get("course", "")
    records = selectors.records_for_courses(courses)
    if chosen:
        records = records.filter(course__slug=chosen)
    return render(
        request,
        "visits/staff.html",
        {
            "courses": courses,
            "records": records[:STAFF_LIST_LIMIT],
            "record_form": record_form,
            "import_form": import_form,
            "problems": problems,
            "chosen": chosen,
            "now": timezone.now(),
            "limit": STAFF_LIST_LIMIT,
        },
        status=status,
    )


def _enter_one(actor: User, form: RecordForm) -> None:
    key = form.cleaned_data["person"].strip()
    person = selectors.user_by_username_or_email(key)
    if person is None:
        raise ValidationError(_("No single active user has the username or e-mail “%(key)s”.") % {"key": key})
    services.training_record_create(
        actor=actor,
        user=person,
        course=form.cleaned_data["course"],
        completed_at=form.cleaned_data["completed_at"],
        expires_at=form.cleaned_data["expires_at"],
        note=form.cleaned_data["note"],
    )
