"""Error pages wear the site's header and speak the visitor's language."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults


@pytest.fixture(autouse=True)
def english():
    """Views called directly skip LocaleMiddleware: start each test from English."""
    with translation.override("en"):
        yield


def test_a_missing_page_is_a_404_in_the_site_design(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header"' in html and 'id="site-search"' in html
    assert "<h1>Page not found</h1>" in html and '<html lang="en">' in html


def test_the_404_page_speaks_chinese_to_a_chinese_visitor(client, db):
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/facilities/no-such-facility/").content.decode()
    assert '<html lang="zh-hans">' in html and "<h1>页面不存在</h1>" in html


@pytest.mark.parametrize(
    ("view", "status", "heading"),
    [
        (defaults.server_error, 500, "<h1>Something went wrong on our side</h1>"),
        (defaults.bad_request, 400, "<h1>Bad request</h1>"),
    ],
)
def test_the_400_and_500_pages_render_without_a_request_context(view, status, heading):
    request = RequestFactory().get("/")
    response = view(request) if status == 500 else view(request, exception=ValueError())
    html = response.content.decode()
    assert response.status_code == status
    assert heading in html and 'class="site-header"' in html
    assert 'href="/static/css/sciencecity.css"' in html


def test_the_500_page_is_translated():
    with translation.override("zh-hans"):
        html = defaults.server_error(RequestFactory().get("/")).content.decode()
    assert '<html lang="zh-hans">' in html and "科学城" in html and "Something went wrong" not in html


def test_the_403_page_is_in_the_site_design(rf, db):
    request = rf.get("/")
    html = defaults.permission_denied(request, PermissionDenied()).content.decode()
    assert "<h1>Access denied</h1>" in html and 'class="site-header"' in html


def test_a_refused_form_explains_itself_in_the_site_design(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>The form could not be sent</h1>" in html and 'class="site-header"' in html
