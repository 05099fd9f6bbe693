"""The named people of tests and the demo, one per role, built through the services."""

from __future__ import annotations

from dataclasses import dataclass

from sciencecity.accounts.models import User
from sciencecity.accounts.services import roles_ensure, user_ensure
from sciencecity.core.roles import Role

DEMO_PASSWORD = "science-city-demo"  # noqa: S105 - demo accounts only, printed by loaddemo


@dataclass(frozen=True)
class Persona:
    username: str
    display_name: str
    affiliation: str
    role: Role


PERSONAS = (
    Persona("alice", "Alice Applicant", "East China Normal University", Role.APPLICANT),
    Persona("bob", "Bob Reviewer", "Fudan University", Role.REVIEWER),
    Persona(
        "carol", "Carol Facility-Manager", "Shanghai Advanced Research Institute, CAS", Role.FACILITY_MANAGER
    ),
    Persona("dan", "Dan User-Office", "Shanghai Advanced Research Institute, CAS", Role.USER_OFFICE),
    Persona("erin", "Erin Enterprise-Engineer", "United Imaging Healthcare", Role.ENTERPRISE),
    Persona(
        "olga",
        "Olga Platform-Operator",
        "Science and Technology Commission of Shanghai",
        Role.PLATFORM_OPERATOR,
    ),
)


def personas_ensure(password: str = DEMO_PASSWORD) -> dict[str, User]:
    """Create (or refresh) every persona; returns them by username."""
    roles_ensure()
    return {
        p.username: user_ensure(
            username=p.username,
            password=password,
            display_name=p.display_name,
            affiliation=p.affiliation,
            roles=(p.role,),
        )
        for p in PERSONAS
    }
