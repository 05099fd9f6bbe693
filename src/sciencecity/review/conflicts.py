"""Conflicts of interest between reviewers and proposals, with the reason for each.

A reviewer may not review a proposal when they are on it, share an organisation with its PI or a
co-proposer, co-authored a publication with one of them in the last five years (from the publication
lists people hand in), or declared a conflict themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.accounts.models import User
from sciencecity.proposals.models import Member, Proposal
from sciencecity.review.models import ConflictDeclaration, PublicationList
from sciencecity.review.publications import Author, Publication, coauthored, name_key

COAUTHOR_YEARS = 5


@dataclass(frozen=True)
class Person:
    user_id: int
    email: str
    affiliation: str  # the organisation of the map, else the name the person gave, case-folded
    names: tuple[Author, ...]
    publications: tuple[Publication, ...]


def person(user: User, publications: Iterable[Publication] = ()) -> Person:
    family, given = user.last_name, user.first_name
    if not family and user.display_name:
        parts = user.display_name.split()
        family, given = parts[-1], " ".join(parts[:-1])
    names = (Author(key=name_key(family, given), orcid=user.orcid),) if family else ()
    if user.orcid and not names:
        names = (Author(key="", orcid=user.orcid),)
    return Person(
        user_id=user.pk,
        email=(user.email or "").lower(),
        affiliation=(
            f"organisation:{user.organisation_id}"
            if user.organisation_id
            else (user.organisation_named or user.affiliation).strip().casefold()
        ),
        names=names,
        publications=tuple(publications),
    )


def people(users: Iterable[User]) -> dict[int, Person]:
    users = list(users)
    lists = {pl.user_id: pl.publications for pl in PublicationList.objects.filter(user__in=users)}
    return {u.pk: person(u, [_publication(d) for d in lists.get(u.pk, [])]) for u in users}


def conflict_reasons(
    reviewer: Person, members: Iterable[Person], declared: bool, today: dt.date
) -> list[str]:
    """Every reason `reviewer` may not review a proposal with these members (empty: no conflict)."""
    reasons = []
    since = today.year - COAUTHOR_YEARS
    for member in members:
        if member.user_id == reviewer.user_id or (member.email and member.email == reviewer.email):
            reasons.append(_("is on the proposal"))
            continue
        if member.affiliation and member.affiliation == reviewer.affiliation:
            reasons.append(_("same organisation as a proposer"))
        if coauthored(reviewer.publications, member.names, since_year=since) or coauthored(
            member.publications, reviewer.names, since_year=since
        ):
            reasons.append(_("co-author of a proposer in the last %(n)d years") % {"n": COAUTHOR_YEARS})
    if declared:
        reasons.append(_("declared a conflict"))
    return list(dict.fromkeys(reasons))


def conflicts(reviewers: Iterable[User], proposals: Iterable[Proposal]) -> dict[tuple[int, int], list[str]]:
    """The conflicted (reviewer id, proposal id) pairs with their reasons, read in a few queries."""
    reviewers, proposals = list(reviewers), list(proposals)
    members = list(
        Member.objects.filter(proposal__in=proposals)
        .exclude(status=Member.Status.DECLINED)
        .select_related("user")
    )
    everyone = people([*reviewers, *[m.user for m in members if m.user]])
    invited_only = {m.pk: Person(0, m.email.lower(), "", (), ()) for m in members if m.user is None}
    by_proposal: dict[int, list[Person]] = {p.pk: [] for p in proposals}
    for m in members:
        by_proposal[m.proposal_id].append(everyone[m.user_id] if m.user_id else invited_only[m.pk])
    declared = set(
        ConflictDeclaration.objects.filter(proposal__in=proposals, reviewer__in=reviewers).values_list(
            "reviewer_id", "proposal_id"
        )
    )
    today = timezone.localdate()
    found = {}
    for reviewer in reviewers:
        for proposal in proposals:
            reasons = conflict_reasons(
                everyone[reviewer.pk], by_proposal[proposal.pk], (reviewer.pk, proposal.pk) in declared, today
            )
            if reasons:
                found[(reviewer.pk, proposal.pk)] = reasons
    return found


def _publication(data: dict[str, object]) -> Publication:
    authors = data.get("authors") or []
    return Publication(
        title=str(data.get("title", "")),
        year=int(str(data.get("year", 0))),
        doi=str(data.get("doi", "")),
        authors=tuple(Author(key=str(a.get("key", "")), orcid=str(a.get("orcid", ""))) for a in authors),  # type: ignore[attr-defined]
    )
