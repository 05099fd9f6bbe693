import pytest
from django.core.exceptions import ValidationError

from sciencecity.core.sources import split_sources, validate_sources


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
