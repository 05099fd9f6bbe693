from sciencecity.core.roles import Role, has_role


def test_each_persona_has_exactly_its_role(personas):
    assert has_role(personas["alice"], Role.APPLICANT)
    assert not has_role(personas["alice"], Role.REVIEWER)
    assert has_role(personas["carol"], Role.FACILITY_MANAGER)
    assert [g.name for g in personas["erin"].groups.all()] == ["enterprise"]


def test_only_registry_editors_are_staff_with_registry_permissions(personas):
    for name in ("carol", "dan", "olga"):
        assert personas[name].is_staff
        assert personas[name].has_perm("registry.change_facility")
    for name in ("alice", "bob", "erin"):
        assert not personas[name].is_staff
        assert not personas[name].has_perm("registry.change_facility")
    assert not personas["carol"].has_perm("accounts.change_user")


def test_ensuring_personas_again_keeps_one_account_each(personas):
    from sciencecity.accounts.models import User
    from sciencecity.accounts.personas import personas_ensure

    personas_ensure(password="correct-horse-battery")
    assert User.objects.count() == len(personas)
    assert User.objects.get(username="bob").check_password("correct-horse-battery")


def test_an_anonymous_visitor_has_no_role(db):
    from django.contrib.auth.models import AnonymousUser

    assert not has_role(AnonymousUser(), Role.APPLICANT)
