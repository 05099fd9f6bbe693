"""The facility's public page lists each instrument's rates in force, with the currency, in both languages."""

import datetime as dt
from decimal import Decimal

from django.test import Client

from sciencecity.accounting.services import rate_upsert


def test_anyone_sees_the_rates_in_force_and_an_announced_one_with_its_day(shop):
    later = dt.date(2027, 1, 1) + dt.timedelta(days=45)  # after the fixture's rates, whatever today is
    rate_upsert(
        instrument=shop.microscope,
        category="industry",
        valid_from=later,
        price=Decimal("400.00"),
        unit="hour",
    )
    page = Client().get("/facilities/fac-light/").content.decode()
    assert "333.33 CNY / hour" in page and "200.00 CNY / hour" in page
    assert "24000.00 CNY / shift (8 h)" in page
    assert f"from {later:%Y-%m-%d}:" in page and "400.00 CNY" in page
    assert page.count("(example value)") == 8  # no rate of the fixture names its source
    rate_upsert(
        instrument=shop.beamline,
        category="industry",
        valid_from=dt.date(2027, 1, 1),
        price=Decimal("24000.00"),
        unit="shift",
        source="https://example.org/price-list",
    )
    assert Client().get("/facilities/fac-light/").content.decode().count("(example value)") == 7


def test_a_chinese_reader_sees_them_in_chinese_and_example_values_are_marked(shop):
    client = Client()
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/facilities/fac-light/").content.decode()
    assert "收费标准" in page and "示例数值" in page and "班次" in page
