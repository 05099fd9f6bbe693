"""The demo calls never put a real account to work: a persona's name taken by someone real stops them."""

from sciencecity.accounts.models import User
from sciencecity.accounts.personas import personas_create
from sciencecity.demo.calls import calls_load
from sciencecity.proposals.models import Call


def test_no_call_is_built_when_a_persona_name_belongs_to_a_real_account(db):
    User.objects.create_user("pat", email="pat@university.example", password="her-own-secret-123")
    report = calls_load(personas_create().users)
    assert report.skipped == "pat are not demo accounts"
    assert not Call.objects.exists() and not User.objects.filter(username__startswith="example-").exists()
