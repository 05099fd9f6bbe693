"""A light source with a published experiment: a proposal of a PI and a co-proposer, given 6 shifts on
BL01 from 10 March 2027 08:00 to 12 March 08:00 (Shanghai); its safety officer, user office, instrument
scientist, a safety officer of another facility, and another proposer. Built through the services; the
allocation run and its allocation are written directly (publishing needs a solved run, which is the
scheduling app's business and tested there).

The light source requires one course (radiation safety, valid a year) for every instrument.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import pytest
from django.utils import timezone

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.proposals import services as proposals
from sciencecity.proposals.models import Call, Proposal
from sciencecity.registry import services as registry
from sciencecity.registry.models import Facility, Instrument, Organisation
from sciencecity.scheduling.models import Allocation, AllocationRun
from sciencecity.sitevisits import services
from sciencecity.sitevisits.models import Visit
from sciencecity.visits import services as training
from sciencecity.visits.models import Course

SRC = "https://example.org/source"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
START = dt.datetime(2027, 3, 10, 8, 0, tzinfo=SHANGHAI)
END = dt.datetime(2027, 3, 12, 8, 0, tzinfo=SHANGHAI)


def person(username: str, **extra: object) -> User:
    return User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="x-Very-long-1",
        display_name=username.capitalize(),
        **extra,
    )


@dataclass
class Experiment:
    facility: Facility
    other_facility: Facility
    beamline: Instrument
    allocation: Allocation
    proposal: Proposal
    course: Course
    lab: Organisation
    pi: User
    co: User
    officer: User  # safety officer of the light source
    office: User  # its user office
    manager: User  # its facility manager
    scientist: User  # instrument scientist of BL01
    other_officer: User  # safety officer of the other facility
    other_proposer: User
    stranger: User

    def train(self, user: User, *, expires_at: dt.datetime | None = None) -> None:
        training.training_record_create(
            actor=self.manager,
            user=user,
            course=self.course,
            completed_at=min(timezone.now(), START) - dt.timedelta(days=1),  # before arrival, never ahead
            expires_at=expires_at,
        )

    def open(self) -> Visit:
        return services.visit_open(actor=self.pi, allocation=self.allocation)

    def ready(self, *people: User) -> Visit:
        """A visit with `people` (default: the PI) on site from 2 h before the experiment to 2 h after it, and
        a complete safety form."""
        visit = self.open()
        for user in people or (self.pi,):
            services.visitor_register(
                actor=self.pi,
                visit=visit,
                user=user,
                arrives_at=self.allocation.starts_at - dt.timedelta(hours=2),
                departs_at=self.allocation.ends_at + dt.timedelta(hours=2),
            )
        return services.safety_form_save(
            actor=self.pi,
            visit=visit,
            hazards_acknowledged=True,
            handling="Gloves, sealed capillaries.",
            waste="Taken back by the team.",
            emergency_name="Lab head",
            emergency_phone="+86 21 5555 0000",
        )

    def submitted(self, *people: User) -> Visit:
        return services.visit_submit(actor=self.pi, visit=self.ready(*people))

    def approved(self, *people: User) -> Visit:
        for user in people or (self.pi,):
            self.train(user)
        return services.visit_approve(actor=self.officer, visit=self.submitted(*people))


def _facility(slug: str, code: str, operator: str) -> Facility:
    registry.organisation_upsert(
        slug=operator, name_en=f"{code} Institute", kind=Organisation.Kind.RD_INSTITUTION, source=SRC
    )
    return registry.facility_upsert(
        slug=slug, code=code, name_en=f"{code} light source", operator=operator, source=SRC
    ).record


def _call(facility: Facility, beamlines: list[Instrument]) -> Call:
    cycle = proposals.cycle_create(
        facility=facility,
        name="2027-I",
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 8, 31),
        offers=[(b, 300) for b in beamlines],
    )
    now = timezone.now()
    call = proposals.call_create(
        actor=None,
        cycle=cycle,
        title_en="Call 2027-I",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        instruments=beamlines,
    )
    return proposals.call_open(actor=None, call=call)


def publish(
    call: Call, proposal: Proposal, instrument: Instrument, start: dt.datetime, end: dt.datetime
) -> Allocation:
    run = AllocationRun.objects.create(
        cycle=call.cycle,
        call=call,
        method="best",
        time_limit_s=10,
        status=AllocationRun.Status.DONE,
        problem={},
        published_at=timezone.now(),
    )
    request = proposal.requests.get()
    return Allocation.objects.create(
        run=run,
        proposal=proposal,
        request=request,
        request_key=f"{proposal.pk}-R1",
        instrument=instrument,
        first_shift=27,
        shifts=6,
        starts_at=start,
        ends_at=end,
    )


@pytest.fixture
def experiment(db: None) -> Experiment:
    facility = _facility("fac-light", "LS", "org-light")
    other = _facility("fac-other", "OT", "org-other")
    lab = registry.organisation_upsert(
        slug="org-uni", name_en="A University", kind=Organisation.Kind.UNIVERSITY, source=SRC
    ).record
    beamline = registry.instrument_upsert(
        slug="ins-bl01",
        facility=facility.slug,
        code="BL01",
        name_en="Beamline BL01",
        techniques="SAXS",
        source=SRC,
    ).record
    call = _call(facility, [beamline])
    pi, co = person("pia", organisation=lab), person("cole", organisation=lab)
    proposal = proposals.proposal_create(
        actor=pi,
        call=call,
        title="Transporter structures",
        requests=[proposals.RequestInput(instruments=[beamline], shifts=6)],
        samples=[proposals.SampleInput(name="Transporter crystals", hazard="biological")],
    )
    invitation = proposals.member_invite(actor=pi, proposal=proposal, email=co.email)
    proposals.member_respond(user=co, member=invitation, accept=True)
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.ALLOCATED, reference="LS-2027-001")
    proposal.refresh_from_db()
    allocation = publish(call, proposal, beamline, START, END)
    officer, office, manager, scientist = person("sofia"), person("uma"), person("max"), person("sci")
    role_grant(user=officer, role=Role.SAFETY_OFFICER, facility_id=facility.pk)
    role_grant(user=office, role=Role.USER_OFFICE, facility_id=facility.pk)
    role_grant(user=manager, role=Role.FACILITY_MANAGER, facility_id=facility.pk)
    role_grant(user=scientist, role=Role.INSTRUMENT_SCIENTIST, instrument_id=beamline.pk)
    other_officer = person("otto")
    role_grant(user=other_officer, role=Role.SAFETY_OFFICER, facility_id=other.pk)
    other_proposer = person("opal")
    proposals.proposal_create(actor=other_proposer, call=call, title="Another proposal")
    course = training.course_create(
        slug="ls-radiation",
        name_en="Radiation safety",
        name_zh="辐射安全",
        kind=Course.Kind.RADIATION_SAFETY,
        scope=Course.Scope.FACILITY,
        facility=facility,
        validity_days=365,
    )
    return Experiment(
        facility=facility,
        other_facility=other,
        beamline=beamline,
        allocation=allocation,
        proposal=proposal,
        course=course,
        lab=lab,
        pi=pi,
        co=co,
        officer=officer,
        office=office,
        manager=manager,
        scientist=scientist,
        other_officer=other_officer,
        other_proposer=other_proposer,
        stranger=person("stan"),
    )
