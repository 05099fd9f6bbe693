"""One PDF per proposal: checked by its first bytes and content type, size-limited, served to readers only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from sciencecity.proposals import services
from sciencecity.proposals.models import Proposal
from sciencecity.proposals.tests.conftest import user
from sciencecity.proposals.tests.pages.conftest import signed_in

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, proposal, content, name="proposal.pdf", content_type="application/pdf"):
    url = reverse("proposals:attach", args=[proposal.pk])
    return client.post(url, {"attachment": SimpleUploadedFile(name, content, content_type=content_type)})


def test_a_member_uploads_a_pdf_and_downloads_it_back(draft, pi, tmp_path):
    client = signed_in(pi)
    assert upload(client, draft, PDF).status_code == 302
    stored = Proposal.objects.get(pk=draft.pk).attachment
    assert (tmp_path / stored.name).read_bytes() == PDF
    response = client.get(reverse("proposals:attachment", args=[draft.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.getvalue() == PDF


def test_a_file_that_is_not_a_pdf_is_refused_even_when_it_says_it_is(draft, pi):
    response = upload(signed_in(pi), draft, b"<html>not a pdf</html>", name="fake.pdf")
    assert response.status_code == 422
    assert "The file is not a PDF." in response.content.decode()
    assert not Proposal.objects.get(pk=draft.pk).attachment


def test_a_pdf_sent_with_another_content_type_is_refused(draft, pi):
    response = upload(signed_in(pi), draft, PDF, content_type="text/plain")
    assert response.status_code == 422
    assert "The file is not sent as a PDF." in response.content.decode()


@override_settings(PROPOSAL_ATTACHMENT_MAX_BYTES=20)
def test_a_pdf_over_the_size_limit_is_refused(draft, pi):
    response = upload(signed_in(pi), draft, PDF)
    assert response.status_code == 422
    assert "The file is larger than" in response.content.decode()
    assert not Proposal.objects.get(pk=draft.pk).attachment


def test_strangers_and_anonymous_readers_cannot_download_it(draft, pi):
    upload(signed_in(pi), draft, PDF)
    url = reverse("proposals:attachment", args=[draft.pk])
    assert signed_in(user("stranger")).get(url).status_code == 404
    assert (
        signed_in(user("stranger2"))
        .post(
            reverse("proposals:attach", args=[draft.pk]),
            {"attachment": SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")},
        )
        .status_code
        == 404
    )
    assert Client().get(url).status_code == 302
    # The stored file has no public address: nothing serves the media directory.
    stored = Proposal.objects.get(pk=draft.pk).attachment.name
    assert Client().get(f"/media/{stored}").status_code == 404
    assert signed_in(pi).get(f"/media/{stored}").status_code == 404


def test_the_upload_is_refused_once_the_proposal_is_submitted(draft, pi):
    services.proposal_submit(actor=pi, proposal=draft)
    assert upload(signed_in(pi), draft, PDF).status_code == 409
