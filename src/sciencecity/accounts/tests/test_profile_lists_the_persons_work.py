"""The profile lists the pages of a person's work: each one opens for them, and no one sees another role's."""

import re

import pytest
from django.test import Client

WORK = re.compile(r'<section aria-labelledby="work-heading">(.*?)</section>', re.S)
LINK = re.compile(r'<a href="([^"]+)">([^<]+)</a>')


def work_links(client: Client) -> dict[str, str]:
    page = client.get("/accounts/profile/")
    assert page.status_code == 200
    found = WORK.search(page.content.decode())
    assert found is not None
    return {label: url for url, label in LINK.findall(found.group(1))}


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["alice", "bob", "carol", "dan", "erin", "olga", "ivan", "pat", "sara"])
def test_every_page_listed_opens_for_the_person(demo_map, personas, username):
    client = Client()
    client.force_login(personas[username])
    links = work_links(client)
    assert "My proposals" in links
    for label, url in links.items():
        assert client.get(url).status_code == 200, (username, label, url)


@pytest.mark.django_db
def test_each_role_sees_its_own_pages_only(demo_map, personas):
    def labels(username: str) -> set[str]:
        client = Client()
        client.force_login(personas[username])
        return set(work_links(client))

    own = {"My proposals", "My bookings", "My instrument sessions", "My training and qualifications"}
    staff = {"Invoices we send", "Training records", "Technical reviews", "Visits to review"}
    agency = {"Voucher applications and claims", "Voucher spending"}
    assert own <= labels("alice") and not labels("alice") & (staff | agency | {"My reviews"})
    assert "My reviews" in labels("bob")
    assert {"Invoices we send", "Voucher claims we make", "Training records"} <= labels("carol")
    assert not labels("carol") & agency
    assert labels("sara") & (staff | agency) == {"Visits to review"}
    assert labels("ivan") & staff == {"Technical reviews", "Training records"}
    assert agency <= labels("olga") and "Invoices we send" not in labels("olga")
    assert "My organisation&#x27;s innovation vouchers" in labels("erin")
    assert "My organisation&#x27;s innovation vouchers" not in labels("dan")  # a research institute


@pytest.mark.django_db
def test_the_list_is_in_chinese_for_a_chinese_reader(demo_map, personas):
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(personas["dan"])
    page = client.get("/accounts/profile/").content.decode()
    assert "您的工作" in page and "我的申请" in page and "本单位开出的发票" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"), [("en", "Bearer &lt;token&gt;"), ("zh-hans", "Bearer &lt;令牌&gt;")]
)
def test_the_token_hint_shows_its_placeholder_as_text_not_as_a_tag(personas, language, shown):
    client = Client(headers={"accept-language": language})
    client.force_login(personas["alice"])
    page = client.get("/accounts/profile/").content.decode()
    assert shown in page and "<token>" not in page
