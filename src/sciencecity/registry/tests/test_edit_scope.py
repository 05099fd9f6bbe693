"""Which registry records each editor may change: what their role grants cover, and nothing else."""

import pytest

from sciencecity.accounts.services import role_grant, user_create_unless_taken
from sciencecity.core.roles import Role
from sciencecity.registry.models import Achievement, Facility, Field, Instrument, Organisation, Project
from sciencecity.registry.permissions import (
    can_add,
    can_change_facility,
    can_edit,
    can_edit_some,
    editable_records,
)


def _slugs(user, model) -> set[str]:
    return set(editable_records(user, model).values_list("slug", flat=True))


def test_a_facility_manager_for_ssrf_edits_ssrf_and_not_nfps(demo_map, personas):
    carol = personas["carol"]
    assert can_change_facility(carol, Facility.objects.get(slug="fac-ssrf"))
    assert not can_change_facility(carol, Facility.objects.get(slug="fac-nfps"))
    assert _slugs(carol, Facility) == {"fac-ssrf"}


def test_her_scope_holds_the_facilitys_instruments_projects_and_linked_achievements(demo_map, personas):
    carol = personas["carol"]
    assert _slugs(carol, Instrument) == set(
        Instrument.objects.filter(facility__slug="fac-ssrf").values_list("slug", flat=True)
    )
    assert "prj-ssrf-phase2" in _slugs(carol, Project)
    assert all(p.facility and p.facility.slug == "fac-ssrf" for p in editable_records(carol, Project))
    achievements = editable_records(carol, Achievement)
    assert achievements.filter(slug="ach-ssrf-phase2").exists()
    assert all(a.facilities.filter(slug="fac-ssrf").exists() for a in achievements)


def test_organisations_and_fields_are_not_a_facility_managers_to_edit(demo_map, personas):
    carol = personas["carol"]
    assert not editable_records(carol, Organisation).exists()
    assert not editable_records(carol, Field).exists()
    assert not can_edit(carol, Organisation.objects.get(slug="org-sari"))
    assert not can_edit_some(carol, Organisation)
    assert not can_add(carol, Organisation)
    assert not can_add(carol, Facility)  # a new facility is not SSRF
    assert can_add(carol, Instrument)


def test_a_role_for_an_organisation_covers_every_facility_it_operates(demo_map, personas):
    manager, _ = user_create_unless_taken(
        username="sam", password="correct-horse-battery", display_name="Sam"
    )
    role_grant(
        user=manager, role=Role.FACILITY_MANAGER, organisation_id=Organisation.objects.get(slug="org-sari").pk
    )
    operated = set(Facility.objects.filter(operator__slug="org-sari").values_list("slug", flat=True))
    assert {"fac-ssrf", "fac-shine"} <= operated
    assert _slugs(manager, Facility) == operated
    assert can_add(manager, Facility)
    assert manager.is_staff and manager.groups.filter(name="facility_manager").exists()


def test_the_user_office_for_ssrf_has_the_same_scope_as_its_manager(demo_map, personas):
    assert _slugs(personas["dan"], Facility) == {"fac-ssrf"}


def test_the_platform_operator_edits_the_whole_registry(demo_map, personas):
    olga = personas["olga"]
    for model in (Facility, Instrument, Project, Achievement, Organisation, Field):
        assert editable_records(olga, model).count() == model.objects.count()


@pytest.mark.parametrize("who", ["alice", "bob", "erin"])
def test_people_without_an_editing_grant_edit_nothing(demo_map, personas, who):
    for model in (Facility, Instrument, Project, Achievement, Organisation, Field):
        assert not editable_records(personas[who], model).exists()


def test_a_facility_manager_without_a_grant_edits_nothing(demo_map, db):
    # Being in the group says what kind of change a role makes; only a grant says where.
    from sciencecity.accounts.services import roles_ensure

    roles_ensure()
    grantless, _ = user_create_unless_taken(
        username="gus", password="correct-horse-battery", display_name="Gus", roles=(Role.FACILITY_MANAGER,)
    )
    assert grantless.has_perm("registry.change_facility")
    assert not editable_records(grantless, Facility).exists()
