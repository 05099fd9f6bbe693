"""JSON shapes of calls and proposals (pydantic, via django-ninja).

Instants are ISO 8601 with their offset, in the call's own time zone (a call of SSRF closes at
`2026-06-30T17:00:00+08:00`); dates are ISO dates. Instruments, facilities and fields are named by slug.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import TextChoices
from django.utils import timezone
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import StringConstraints, WithJsonSchema, model_validator

from sciencecity.proposals.models import AccessRoute, Call, Member, Proposal, Sample


def _one_of(choices: type[TextChoices]) -> WithJsonSchema:
    """The parameter's own values, inlined (two enums both called `Status` would share one spec entry)."""
    return WithJsonSchema({"type": "string", "enum": [str(choice.value) for choice in choices]})


CallStatus = Annotated[Call.Status, _one_of(Call.Status)]
ProposalStatus = Annotated[Proposal.Status, _one_of(Proposal.Status)]
Route = Annotated[AccessRoute, _one_of(AccessRoute)]
Hazard = Annotated[Sample.Hazard, _one_of(Sample.Hazard)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Title = Annotated[str, StringConstraints(max_length=300)]
Abstract = Annotated[str, StringConstraints(max_length=20_000)]


def _in_zone(moment: dt.datetime | None, call: Call) -> dt.datetime | None:
    return None if moment is None else timezone.localtime(moment, call.time_zone)


# --- calls and fields --------------------------------------------------------------------------------------


class CallOut(Schema):
    id: int
    title_en: str
    title_zh: str
    facility: str = Field(description="the facility's slug")
    cycle: str = Field(description="the cycle's name, e.g. 2026-II")
    status: str
    opens_at: dt.datetime = Field(description="ISO 8601 with the offset of the call's time zone")
    closes_at: dt.datetime = Field(description="ISO 8601 with the offset of the call's time zone")
    time_zone: str = Field(description="the IANA time zone the call's times are shown in")
    instruments: list[str] = Field(description="slugs of the instruments the call covers")
    access_routes: list[str]

    @staticmethod
    def resolve_facility(obj: Call) -> str:
        return str(obj.cycle.facility.slug)

    @staticmethod
    def resolve_cycle(obj: Call) -> str:
        return obj.cycle.name

    @staticmethod
    def resolve_opens_at(obj: Call) -> dt.datetime | None:
        return _in_zone(obj.opens_at, obj)

    @staticmethod
    def resolve_closes_at(obj: Call) -> dt.datetime | None:
        return _in_zone(obj.closes_at, obj)

    @staticmethod
    def resolve_time_zone(obj: Call) -> str:
        return obj.cycle.time_zone

    @staticmethod
    def resolve_instruments(obj: Call) -> list[str]:
        return [str(i.slug) for i in obj.instruments.all()]


class FieldOut(Schema):
    slug: str
    name_en: str
    name_zh: str


# --- proposals in ------------------------------------------------------------------------------------------


class ObjectIn(Schema):
    """A body that must be a JSON object: ninja's schemas would otherwise read any value's attributes (a list
    or a number has none, so it would pass as an empty object)."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        raw = data._obj if isinstance(data, DjangoGetter) else data  # ninja wraps what it validates
        if not isinstance(raw, dict):
            raise ValueError("Give a JSON object.")  # pydantic answers it with a 422
        return data


class RequestIn(ObjectIn):
    instruments: list[Slug] = Field(
        ..., max_length=20, description="slugs of alternative instruments, any one of which would do"
    )
    shifts: int = Field(..., ge=1, le=10_000)
    earliest: dt.date | None = None
    latest: dt.date | None = None
    unavailable: list[tuple[dt.date, dt.date]] = Field(
        [], max_length=100, description="[first, last] date ranges the team cannot come"
    )


class SampleIn(ObjectIn):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    hazard: Hazard = Sample.Hazard.NONE


class ProposalIn(ObjectIn):
    call: int = Field(..., ge=1, le=2**53, description="the call's id")
    title: Title
    abstract: Abstract = ""
    field: Slug | None = Field(None, description="the field of science's slug (see /api/fields)")
    access_route: Route = AccessRoute.STANDARD
    requests: list[RequestIn] = Field([], max_length=20)
    samples: list[SampleIn] = Field([], max_length=100)


class ProposalPatch(ObjectIn):
    """Only what is given changes; `requests` and `samples`, when given, replace the whole list."""

    title: Title | None = None
    abstract: Abstract | None = None
    field: Slug | None = None
    access_route: Route | None = None
    requests: list[RequestIn] | None = Field(None, max_length=20)
    samples: list[SampleIn] | None = Field(None, max_length=100)


class WithdrawIn(ObjectIn):
    reason: Annotated[str, StringConstraints(max_length=2000)] = ""


class InviteIn(ObjectIn):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]


# --- proposals out -----------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    name: str = Field(description="the person's display name; empty until an invitation is accepted")
    email: str | None = Field(description="shown to the proposal's own members only")
    role: str
    status: str


class RequestOut(Schema):
    instruments: list[str]
    shifts: int
    earliest: dt.date | None
    latest: dt.date | None
    unavailable: list[tuple[dt.date, dt.date]]

    @staticmethod
    def resolve_instruments(obj: Any) -> list[str]:
        return sorted(str(i.slug) for i in obj.instruments.all())


class SampleOut(Schema):
    name: str
    hazard: str


class ProposalOut(Schema):
    id: int
    reference: str = Field(description="given at submission")
    call: int
    facility: str
    title: str
    abstract: str
    field: str | None
    access_route: str
    status: str
    submitted_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    members: list[MemberOut]
    requests: list[RequestOut]
    samples: list[SampleOut]

    @staticmethod
    def resolve_call(obj: Proposal) -> int:
        return obj.call_id

    @staticmethod
    def resolve_facility(obj: Proposal) -> str:
        return str(obj.call.cycle.facility.slug)

    @staticmethod
    def resolve_field(obj: Proposal) -> str | None:
        return None if obj.field is None else str(obj.field.slug)

    @staticmethod
    def resolve_submitted_at(obj: Proposal) -> dt.datetime | None:
        return _in_zone(obj.submitted_at, obj.call)

    @staticmethod
    def resolve_created_at(obj: Proposal) -> dt.datetime | None:
        return _in_zone(obj.created_at, obj.call)

    @staticmethod
    def resolve_updated_at(obj: Proposal) -> dt.datetime | None:
        return _in_zone(obj.updated_at, obj.call)

    @staticmethod
    def resolve_members(obj: Proposal, context: Any) -> list[dict[str, Any]]:
        members = list(obj.members.all())
        viewer = getattr(context.get("request") if context else None, "auth", None)
        viewer_id = getattr(viewer, "pk", None)
        insider = any(m.user_id == viewer_id and m.status == Member.Status.ACCEPTED for m in members)
        return [
            {
                "id": m.pk,
                "name": str(m.user) if m.user is not None else "",
                "email": m.email if insider else None,
                "role": m.role,
                "status": m.status,
            }
            for m in members
        ]

    @staticmethod
    def resolve_requests(obj: Proposal) -> list[Any]:
        return list(obj.requests.all())

    @staticmethod
    def resolve_samples(obj: Proposal) -> list[Any]:
        return list(obj.samples.all())


class InvitationOut(Schema):
    id: int = Field(description="the invitation's id, for /api/invitations/{id}/accept or /decline")
    proposal: int
    title: str
    pi: str = Field(description="the display name of the proposal's principal investigator")
    status: str

    @staticmethod
    def resolve_proposal(obj: Member) -> int:
        return obj.proposal_id

    @staticmethod
    def resolve_title(obj: Member) -> str:
        return obj.proposal.title

    @staticmethod
    def resolve_pi(obj: Member) -> str:
        pi = next((m for m in obj.proposal.members.all() if m.role == Member.Role.PI), None)
        return str(pi.user) if pi is not None and pi.user is not None else ""
