"""The firm's people declare its relations on their vouchers page; no voucher then pays the related one."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from sciencecity.core.errors import PermissionDenied
from sciencecity.vouchers import services
from sciencecity.vouchers.models import Relation
from sciencecity.vouchers.tests.conftest import person

URL = reverse("vouchers:relation_declare")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_declared_relation_is_listed_and_stops_the_voucher_paying_that_provider(world):
    voucher = world.voucher("8000.00")
    erin = client_of(world.erin)
    answer = erin.post(URL, {"related": world.provider.pk, "kind": "common director"})
    assert answer.status_code == 302 and answer["Location"] == reverse("vouchers:mine")
    relation = Relation.objects.get()
    assert (relation.organisation, relation.related, relation.kind) == (
        world.firm,
        world.provider,
        "common director",
    )
    page = erin.get(reverse("vouchers:mine")).content.decode()
    assert "Test Institute — common director" in page
    with pytest.raises(PermissionDenied, match="self-dealing"):
        services.voucher_redeem(
            actor=world.erin, invoice=world.invoice([(world.ms, "200.00")]), voucher=voucher
        )


def test_a_second_declaration_of_the_same_relation_is_refused_with_a_message(world):
    erin = client_of(world.erin)
    erin.post(URL, {"related": world.provider.pk, "kind": "parent"})
    again = erin.post(URL, {"related": world.provider.pk, "kind": "shareholding"})
    assert [str(m) for m in get_messages(again.wsgi_request)] != []
    assert Relation.objects.count() == 1
    assert Relation.objects.get().kind == "parent"


def test_bad_input_is_a_message_and_nothing_is_stored(world):
    erin = client_of(world.erin)
    for data in ({"related": world.provider.pk, "kind": ""}, {"related": 999_999, "kind": "parent"}):
        answer = erin.post(URL, data)
        assert answer.status_code == 302
        assert list(get_messages(answer.wsgi_request))
    answer = erin.post(URL, {"related": world.firm.pk, "kind": "itself"})
    assert list(get_messages(answer.wsgi_request))
    assert not Relation.objects.exists()


def test_only_people_of_a_firm_declare_and_only_by_post(world):
    nobody = person("no-organisation")
    assert client_of(nobody).post(URL, {"related": world.provider.pk, "kind": "parent"}).status_code == 403
    assert Client().post(URL, {"related": world.provider.pk, "kind": "parent"}).status_code == 302  # log in
    assert client_of(world.erin).get(URL).status_code == 405
    assert not Relation.objects.exists()


def test_the_choices_are_named_in_the_readers_language_and_leave_out_the_firm_itself(world):
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(world.erin)
    page = client.get(reverse("vouchers:mine")).content.decode()
    form = page[page.index('action="/vouchers/relations/"') :]
    assert f'<option value="{world.provider.pk}">测试研究所</option>' in form
    assert f'<option value="{world.firm.pk}">' not in form
