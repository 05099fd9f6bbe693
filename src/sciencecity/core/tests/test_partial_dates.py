import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sciencecity.core.partial_dates import format_partial_date, parse_partial_date


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2017", dt.date(2017, 1, 1), "year"),
        ("2017-10", dt.date(2017, 10, 1), "month"),
        ("2007-12-24", dt.date(2007, 12, 24), "day"),
    ],
)
def test_a_partial_date_keeps_the_precision_its_source_gave(text, date, precision):
    assert parse_partial_date(text) == (date, precision)
    assert format_partial_date(date, precision) == text


@pytest.mark.parametrize("text", ["", "May 2009", "2009-13", "2009-02-30", "20-01-01"])
def test_text_that_is_no_date_is_refused_with_a_message(text):
    with pytest.raises(ValidationError) as info:
        parse_partial_date(text)
    assert "date" in " ".join(info.value.messages)


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["year", "month", "day"]))
def test_formatting_then_parsing_gives_back_the_same_date_and_precision(date, precision):
    text = format_partial_date(date, precision)
    parsed, parsed_precision = parse_partial_date(text)
    assert parsed_precision == precision
    assert format_partial_date(parsed, parsed_precision) == text
