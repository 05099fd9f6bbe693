"""The demo's visits on SSRF's published 2026-I schedule: alice's approved by sara, another waiting, and the
site-access list of a day of alice's stay has her row."""

from __future__ import annotations

from django.utils import timezone

from sciencecity.accounts.models import User
from sciencecity.demo.calls import calls_load
from sciencecity.demo.site_visits import site_visits_load
from sciencecity.registry.models import Facility
from sciencecity.scheduling.models import AllocationRun
from sciencecity.sitevisits import selectors
from sciencecity.sitevisits.models import Visit


def test_the_visits_are_built_through_the_services_and_not_twice(
    demo_map: object, personas: dict[str, User]
) -> None:
    calls_load(personas)
    report = site_visits_load(personas)
    assert report.published and len(report.approved) == 1 and len(report.waiting) == 1
    assert AllocationRun.objects.filter(published_at__isnull=False, cycle__name="2026-I").count() == 1
    approved = Visit.objects.get(status=Visit.Status.APPROVED)
    assert approved.decided_by == personas["sara"]
    assert approved.proposal.members.filter(user=personas["alice"]).exists()
    assert approved.samples.exclude(hazard="none").exists()
    assert Visit.objects.filter(status=Visit.Status.SUBMITTED).count() == 1
    stay = approved.visitors.get()
    day = timezone.localtime(stay.arrives_at).date()
    rows = selectors.site_access(Facility.objects.get(slug="fac-ssrf"), day)
    assert [(r.visitor.user, r.training_ok) for r in rows] == [(personas["alice"], True)]
    again = site_visits_load(personas)
    assert again.skipped and Visit.objects.count() == 2
