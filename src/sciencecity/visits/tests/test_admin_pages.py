"""The admin lists courses, training records and usage for a superuser, and records entered there say who."""

from __future__ import annotations

from django.test import Client

from sciencecity.accounts.models import User
from sciencecity.visits.models import TrainingRecord
from sciencecity.visits.tests.conftest import Platform


def test_the_admin_lists_and_adds_training_records(platform: Platform) -> None:
    boss = User.objects.create_superuser(username="root", email="root@example.org", password="x")
    client = Client()
    client.force_login(boss)
    for path in ("/admin/visits/course/", "/admin/visits/trainingrecord/", "/admin/accounting/usagerecord/"):
        assert client.get(path).status_code == 200, path
    response = client.post(
        "/admin/visits/trainingrecord/add/",
        {
            "user": platform.user.pk,
            "course": platform.cryo_course.pk,
            "completed_at_0": "2026-06-01",
            "completed_at_1": "09:00:00",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = TrainingRecord.objects.get()
    assert record.entered_by == boss and record.expires_at is not None
