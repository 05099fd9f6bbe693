import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sciencecity.core.sources import (
    _origins,
    _validator_accepts,
    is_valid_url,
    split_sources,
    validate_sources,
)


def test_several_sources_are_split_on_semicolons():
    assert split_sources("https://a.example/x ; http://b.example/y") == [
        "https://a.example/x",
        "http://b.example/y",
    ]


@pytest.mark.parametrize(
    "text", ["", " ; ", "not a url", "ftp://files.example/x", "https://ok.example ; nope"]
)
def test_a_record_without_a_valid_http_source_is_refused(text):
    with pytest.raises(ValidationError):
        validate_sources(text)


def test_valid_sources_pass():
    validate_sources(
        "http://www.ncpss.org/newsDetail.action?id=940&item=1 ; https://www.shine.cn/news/metro/1905154769/"
    )


URLS = [
    "https://registry.example/synthetic/st-1",
    "http://www.ncpss.org/newsDetail.action?id=940&item=1",
    "https://a.example:8443/x",
    "https://a.example:99999/x",
    "https://user:pw@a.example/x",
    "https://a?b@host.example/x",
    "https://a.example#frag/x",
    "https://a.example/with space",
    "https://a.example/tab\there",
    "https://a.example/\u3000ideographic-space",
    "https://[::1]/x",
    "https://[::zz]/x",
    "https://-bad-.example/x",
    "https://a..example/x",
    "https://localhost/x",
    "https://例子.测试/路径",
    "ftp://files.example/x",
    "https:///x",
    "https://a.example/" + "x" * 2100,
    "HTTPS://A.EXAMPLE/X",
]


@pytest.mark.parametrize("url", URLS)
def test_the_remembered_origins_answer_as_django_s_validator(url):
    _origins.clear()
    for _ in range(2):  # the second answer comes from what the first remembered
        assert is_valid_url(url) == _validator_accepts(url), url


@given(
    origin=st.sampled_from(["https://a.example", "http://[::1]:80", "https://bad host", "https://x:y@h.cn"]),
    path=st.text(alphabet=st.sampled_from("/?#:@ \t\u3000aZ9.-%"), max_size=12),
)
def test_any_path_is_judged_as_the_validator_judges_it(origin, path):
    url = origin + "/" + path
    assert is_valid_url(url) == _validator_accepts(url)
