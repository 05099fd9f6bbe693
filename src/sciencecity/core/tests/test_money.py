import pytest

from sciencecity.core.money import format_cny


@pytest.mark.parametrize(
    ("amount", "english", "chinese"),
    [
        (1_200_000_000, "1.2 billion CNY", "12亿元"),
        (756_000_000, "756 million CNY", "7.56亿元"),
        (32_700_000_000, "32.7 billion CNY", "327亿元"),
        (500_000, "500,000 CNY", "50万元"),
        (999, "999 CNY", "999元"),
        (0, "0 CNY", "0元"),
    ],
)
def test_amounts_read_as_people_write_them_in_each_language(amount, english, chinese):
    assert format_cny(amount, "en") == english
    assert format_cny(amount, "zh-hans") == chinese


def test_an_amount_that_does_not_round_exactly_says_about():
    assert format_cny(1_234_567_891, "en") == "about 1.23 billion CNY"
    assert format_cny(1_234_567_891, "zh-hans") == "约12.35亿元"
