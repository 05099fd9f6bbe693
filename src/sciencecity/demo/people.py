"""The synthetic people of the demo calls: applicants from around the world, reviewers, instrument scientists.

Every one of them says it is an example: the display name ends in "(example person)", the username starts
with `example-`, the e-mail is at example.org and the password is unusable (they are records, not accounts:
nobody signs in as them). Their organisations are organisations of the map or clearly-marked synthetic ones
("(example organisation)"). Deterministic: the same lists always give the same people.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.contrib.auth.models import Group

from sciencecity.accounts.models import User
from sciencecity.core.roles import Role
from sciencecity.registry.models import Organisation

EXAMPLE_PERSON = " (example person)"
EXAMPLE_ORGANISATION = " (example organisation)"
USERNAME_PREFIX = "example-"


@dataclass(frozen=True)
class SyntheticPerson:
    given: str
    family: str
    country: str
    organisation: str  # a slug of the map ("org-…"), or the name of a synthetic organisation

    @property
    def username(self) -> str:
        ascii_name = unicodedata.normalize("NFKD", f"{self.given}-{self.family}")
        ascii_name = "".join(c for c in ascii_name if c.isascii()).lower().replace(" ", "-")
        return USERNAME_PREFIX + ascii_name


def _synthetic(name: str) -> str:
    return name + EXAMPLE_ORGANISATION


# Applicants (principal investigators and co-proposers). The map's organisations are all in Shanghai; the
# rest of the world comes with synthetic organisations named after their city.
APPLICANTS = (
    SyntheticPerson("Ana", "Souza", "BR", _synthetic("São Paulo Institute of Physics")),
    SyntheticPerson("Rafael", "Oliveira", "BR", _synthetic("São Paulo Institute of Physics")),
    SyntheticPerson("Camila", "Pereira", "BR", _synthetic("Campinas Materials Laboratory")),
    SyntheticPerson("Priya", "Raman", "IN", _synthetic("Bengaluru Institute of Structural Biology")),
    SyntheticPerson("Arjun", "Mehta", "IN", _synthetic("Bengaluru Institute of Structural Biology")),
    SyntheticPerson("Lena", "Hoffmann", "DE", _synthetic("Hamburg Centre for Soft Matter")),
    SyntheticPerson("Jonas", "Becker", "DE", _synthetic("Hamburg Centre for Soft Matter")),
    SyntheticPerson("Thandiwe", "Nkosi", "ZA", _synthetic("Johannesburg Catalysis Institute")),
    SyntheticPerson("Chloe", "Martin", "FR", _synthetic("Grenoble Magnetism Laboratory")),
    SyntheticPerson("Hiroshi", "Tanaka", "JP", _synthetic("Osaka Protein Research Institute")),
    SyntheticPerson("Ji-woo", "Park", "KR", _synthetic("Daejeon Battery Research Institute")),
    SyntheticPerson("Emily", "Clarke", "AU", _synthetic("Melbourne Polymer Laboratory")),
    SyntheticPerson("Samuel", "Okafor", "NG", _synthetic("Lagos Institute of Materials")),
    SyntheticPerson("Sofia", "Hernández", "MX", _synthetic("Mexico City Institute of Biophysics")),
    SyntheticPerson("Mateo", "Rojas", "CL", _synthetic("Santiago Mining Materials Centre")),
    SyntheticPerson("Amina", "Wanjiru", "KE", _synthetic("Nairobi Centre for Drug Discovery")),
    SyntheticPerson("Giulia", "Romano", "IT", _synthetic("Trieste Surface Science Laboratory")),
    SyntheticPerson("Daniel", "Cohen", "US", _synthetic("Boston Structural Biology Institute")),
    SyntheticPerson("Maryam", "Hosseini", "SG", _synthetic("Singapore Quantum Materials Centre")),
    SyntheticPerson("Youssef", "Haddad", "EG", _synthetic("Cairo Institute of Crystallography")),
    SyntheticPerson("Wei", "Zhang", "CN", "org-shanghaitech"),
    SyntheticPerson("Na", "Li", "CN", "org-shanghaitech"),
    SyntheticPerson("Hao", "Chen", "CN", "org-ncpss"),
    SyntheticPerson("Fang", "Wang", "CN", "org-ncpss"),
    SyntheticPerson("Yang", "Liu", "CN", "org-zjlab"),
    SyntheticPerson("Min", "Zhao", "CN", "org-siom"),
    SyntheticPerson("Qiang", "Sun", "CN", "org-tdli"),
    SyntheticPerson("Lei", "Huang", "CN", "org-zhongshan"),
    SyntheticPerson("Jing", "Xu", "CN", "org-sinap"),
    SyntheticPerson("Yu", "Zhou", "CN", _synthetic("Hefei Institute of Catalysis")),
    SyntheticPerson("Lin", "Ma", "CN", _synthetic("Beijing Centre for Soft Matter")),
    SyntheticPerson("Rui", "Gao", "CN", "org-junshi"),
    SyntheticPerson("Wen", "Tang", "CN", "org-comac"),
    SyntheticPerson("Xue", "Feng", "CN", "org-hutchmed"),
)

# Panel reviewers. Some share an organisation with applicants above, so the conflicts are real ones.
REVIEWERS = (
    SyntheticPerson("Marta", "Lopes", "BR", _synthetic("São Paulo Institute of Physics")),
    SyntheticPerson("Kenji", "Mori", "JP", _synthetic("Osaka Protein Research Institute")),
    SyntheticPerson("Claire", "Dubois", "FR", _synthetic("Grenoble Magnetism Laboratory")),
    SyntheticPerson("Hannah", "Schulz", "DE", _synthetic("Berlin Synchrotron Users Group")),
    SyntheticPerson("Yue", "Qian", "CN", "org-shanghaitech"),
    SyntheticPerson("Hui", "Deng", "CN", "org-ncpss"),
    SyntheticPerson("Olu", "Adeyemi", "NG", _synthetic("Ibadan Crystallography Group")),
    SyntheticPerson("Lucia", "Fernández", "ES", _synthetic("Barcelona Soft Matter Institute")),
)

# Instrument scientists of the beamlines ivan does not look after.
INSTRUMENT_SCIENTISTS = (
    (SyntheticPerson("Bin", "Hu", "CN", "org-sari"), ("st-ssrf-bl10u1",)),
    (SyntheticPerson("Lei", "Pan", "CN", "org-sari"), ("st-ssrf-bl02u1", "st-ssrf-bl10u2")),
    (SyntheticPerson("Ying", "Cao", "CN", "org-sari"), ("st-ssrf-bl09u",)),
)


def people_ensure(people: tuple[SyntheticPerson, ...], role: Role) -> dict[str, User]:
    """The synthetic people by username, creating the missing ones in two bulk inserts.

    Not `accounts.services.user_create_unless_taken`: that one sets a usable password (hashing it costs a
    third of a second each), while these people must not be able to sign in at all.
    """
    existing = {u.username: u for u in User.objects.filter(username__in=[p.username for p in people])}
    organisations = dict(
        Organisation.objects.filter(slug__in=[p.organisation for p in people]).values_list("slug", "pk")
    )
    names = dict(
        Organisation.objects.filter(slug__in=[p.organisation for p in people]).values_list("slug", "name_en")
    )
    new = []
    for p in people:
        if p.username in existing:
            continue
        on_map = p.organisation.startswith("org-")
        user = User(
            username=p.username,
            first_name=p.given,
            last_name=p.family,
            display_name=f"{p.given} {p.family}{EXAMPLE_PERSON}",
            email=f"{p.username}@example.org",
            country=p.country,
            organisation_id=organisations.get(p.organisation) if on_map else None,
            organisation_named="" if on_map else p.organisation,
            affiliation=names.get(p.organisation, "") if on_map else p.organisation,
        )
        user.set_unusable_password()
        user.full_clean()
        new.append(user)
    if new:
        User.objects.bulk_create(new)
        created = list(User.objects.filter(username__in=[u.username for u in new]))
        group, _ = Group.objects.get_or_create(name=role.value)
        group.user_set.add(*created)
        existing.update({u.username: u for u in created})
    return existing


def is_example_person(user: User) -> bool:
    return user.username.startswith(USERNAME_PREFIX) and user.display_name.endswith(EXAMPLE_PERSON)
