"""The named people of tests and the demo, one per role, built through the services."""

from __future__ import annotations

from dataclasses import dataclass, field

from sciencecity.accounts.models import RoleGrant, User
from sciencecity.accounts.services import role_grant, roles_ensure, user_create_unless_taken
from sciencecity.core.roles import Role

DEMO_PASSWORD = "science-city-demo"  # noqa: S105 - demo accounts only, printed by loaddemo --demo-accounts


@dataclass(frozen=True)
class Persona:
    username: str
    display_name: str
    affiliation: str
    role: Role
    facility: str = ""  # slug of the facility the role is held for
    organisation: str = ""  # slug of the organisation (the agency, for the platform operator)
    instruments: tuple[str, ...] = ()  # slugs of the instruments an instrument scientist looks after
    employer: str = ""  # slug of the organisation of the map the person works for
    country: str = "CN"


SARI = "Shanghai Advanced Research Institute, CAS"

PERSONAS = (
    Persona("alice", "Alice Applicant", "East China Normal University", Role.APPLICANT),
    Persona("bob", "Bob Reviewer", "Fudan University", Role.REVIEWER),
    Persona(
        "carol",
        "Carol Facility-Manager",
        SARI,
        Role.FACILITY_MANAGER,
        facility="fac-ssrf",
        employer="org-sari",
    ),
    Persona("dan", "Dan User-Office", SARI, Role.USER_OFFICE, facility="fac-ssrf", employer="org-sari"),
    Persona(
        "erin", "Erin Enterprise-Engineer", "United Imaging Healthcare", Role.ENTERPRISE, employer="org-uih"
    ),
    Persona(
        "olga",
        "Olga Platform-Operator",
        "Science and Technology Commission of Shanghai",
        Role.PLATFORM_OPERATOR,
        employer="org-stcsm",
    ),
    Persona(
        "ivan",
        "Ivan Instrument-Scientist",
        SARI,
        Role.INSTRUMENT_SCIENTIST,
        instruments=("st-ssrf-bl19u2", "st-ssrf-bl16b1"),
        employer="org-sari",
    ),
    Persona(
        "pat",
        "Pat Panel-Chair",
        "Shanghai Institute of Applied Physics, CAS",
        Role.PANEL_CHAIR,
        employer="org-sinap",
    ),
    # The SSRF safety officer: approves visits for allocated beamtime and reads the site-access list.
    Persona(
        "sara", "Sara Safety-Officer", SARI, Role.SAFETY_OFFICER, facility="fac-ssrf", employer="org-sari"
    ),
    # The SHINE user office: proves that an officer's rights stop at their own facility.
    Persona(
        "sid", "Sid SHINE-User-Office", SARI, Role.USER_OFFICE, facility="fac-shine", employer="org-sari"
    ),
)


@dataclass
class PersonasReport:
    created: dict[str, User] = field(default_factory=dict)
    # Users that already had a persona's name: left exactly as they were (password, e-mail, groups).
    kept: dict[str, User] = field(default_factory=dict)

    @property
    def users(self) -> dict[str, User]:
        return {p.username: (self.created | self.kept)[p.username] for p in PERSONAS}


def personas_create(password: str = DEMO_PASSWORD) -> PersonasReport:
    """Create the missing persona accounts; an existing user of a persona's name is kept as it is.

    A new persona's role is granted for its facility or organisation when that record is on the map (load
    the map first); the platform operator's grant stands without one.
    """
    roles_ensure()
    report = PersonasReport()
    for p in PERSONAS:
        user, created = user_create_unless_taken(
            username=p.username,
            password=password,
            display_name=p.display_name,
            affiliation=p.affiliation,
            roles=(p.role,),
            organisation_id=_registry_id("organisation", p.employer),
            country=p.country,
        )
        (report.created if created else report.kept)[p.username] = user
        if created:
            _grant_scoped_role(user, p)
    return report


def personas_ensure(password: str = DEMO_PASSWORD) -> dict[str, User]:
    """Every persona's account by username, creating the missing ones (tests build theirs this way)."""
    return personas_create(password).users


def _grant_scoped_role(user: User, persona: Persona) -> None:
    for slug in persona.instruments:
        instrument_id = _registry_id("instrument", slug)
        if instrument_id:
            role_grant(user=user, role=persona.role, instrument_id=instrument_id)
    facility_id = _registry_id("facility", persona.facility)
    organisation_id = _registry_id("organisation", persona.organisation)
    if facility_id or organisation_id or persona.role == Role.PLATFORM_OPERATOR:
        role_grant(user=user, role=persona.role, facility_id=facility_id, organisation_id=organisation_id)


def _registry_id(field: str, slug: str) -> int | None:
    """The id of the registry record a grant names, found through the grant's own foreign key."""
    if not slug:
        return None
    model = RoleGrant._meta.get_field(field).related_model
    pk = model._default_manager.filter(slug=slug).values_list("pk", flat=True).first()  # type: ignore[union-attr]
    return pk
