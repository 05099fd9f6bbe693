"""The qualifications page and the staff's training page: what each person sees, enters and is refused."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sciencecity.visits import services
from sciencecity.visits.models import TrainingRecord
from sciencecity.visits.tests.conftest import Platform

QUALIFICATIONS = "/training/"
STAFF = "/training/staff/"


def _as(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def test_anonymous_visitors_are_sent_to_log_in(platform: Platform) -> None:
    for path in (QUALIFICATIONS, STAFF):
        response = Client().get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_qualifications_page_names_what_a_wanted_instrument_still_needs(platform: Platform) -> None:
    services.training_record_create(
        actor=platform.manager,
        user=platform.user,
        course=platform.general,
        completed_at=platform.cryo_course.created_at,
    )
    page = _as(platform.user).get(QUALIFICATIONS, {"instrument": "ins-cryo"}).content.decode()
    assert 'data-course="course-general"' in page  # held
    need = page.split('data-instrument="ins-cryo"')[1]
    assert 'data-course="course-cryo"' in need and 'data-course="course-lab-safety"' in need
    assert 'data-course="course-general"' not in need


def test_an_unknown_instrument_is_a_form_error(platform: Platform) -> None:
    assert _as(platform.user).get(QUALIFICATIONS, {"instrument": "no-such"}).status_code == 422


def test_a_user_who_is_staff_of_nothing_is_refused_the_staff_page(platform: Platform) -> None:
    assert _as(platform.user).get(STAFF).status_code == 403
    assert _as(platform.user).post(STAFF, {"action": "record"}).status_code == 403


def test_staff_enter_one_record_by_email_and_see_only_their_courses(platform: Platform) -> None:
    client = _as(platform.scientist)
    page = client.get(STAFF).content.decode()
    assert "course-cryo" in page and "course-general" not in page
    response = client.post(
        STAFF,
        {
            "action": "record",
            "one-person": "una@example.org",
            "one-course": platform.cryo_course.pk,
            "one-completed_at": "2026-06-01T09:00",
        },
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert record.user == platform.user and record.entered_by == platform.scientist
    assert 'data-user="una"' in client.get(STAFF).content.decode()


def test_staff_cannot_enter_a_course_they_do_not_look_after(platform: Platform) -> None:
    response = _as(platform.scientist).post(
        STAFF,
        {
            "action": "record",
            "one-person": "una",
            "one-course": platform.general.pk,
            "one-completed_at": "2026-06-01T09:00",
        },
    )
    assert response.status_code == 422 and not TrainingRecord.objects.exists()


def test_a_csv_upload_with_a_bad_line_enters_nothing_and_lists_the_line(platform: Platform) -> None:
    content = b"user,course,completed_at\nuna,course-cryo,2026-06-01\nghost,course-cryo,2026-06-01\n"
    response = _as(platform.manager).post(
        STAFF, {"action": "import", "csv-file": SimpleUploadedFile("t.csv", content, "text/csv")}
    )
    assert response.status_code == 422
    assert "Line 3:" in response.content.decode() and not TrainingRecord.objects.exists()


def test_a_good_csv_upload_enters_every_row(platform: Platform) -> None:
    content = b"user,course,completed_at\nuna,course-cryo,2026-06-01\nuna,course-general,2026-06-01\n"
    response = _as(platform.manager).post(
        STAFF, {"action": "import", "csv-file": SimpleUploadedFile("t.csv", content, "text/csv")}, follow=True
    )
    assert "2 records entered." in response.content.decode()
    assert TrainingRecord.objects.count() == 2


def test_a_file_that_is_not_utf8_is_refused(platform: Platform) -> None:
    content = "user,course,completed_at\nüna,course-cryo,2026-06-01\n".encode("latin-1")
    response = _as(platform.manager).post(
        STAFF, {"action": "import", "csv-file": SimpleUploadedFile("t.csv", content, "text/csv")}
    )
    assert response.status_code == 422 and "UTF-8" in response.content.decode()
