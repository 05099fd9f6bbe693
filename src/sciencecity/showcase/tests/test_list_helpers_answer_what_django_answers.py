"""The cheap helpers of list pages (core/fast.py, the filters' QuickSelect) answer exactly what the
Django calls they replace answer, in both languages."""

import pytest
from django import forms
from django.test.html import parse_html
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from sciencecity.core.fast import choice_label, slug_url
from sciencecity.registry.models import Facility, Instrument
from sciencecity.showcase.forms import QuickSelect


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_choice_label_is_the_display_value_in_the_active_language(language):
    with translation.override(language):
        for status, _ in Facility.Status.choices:
            facility = Facility(status=status, kind="service_platform")
            assert choice_label(facility, "status") == facility.get_status_display()
            assert choice_label(facility, "kind") == facility.get_kind_display()
        assert choice_label(Instrument(access_mode="sometimes"), "access_mode") == "sometimes"
    with translation.override("zh-hans"):
        assert choice_label(Instrument(access_mode="booking"), "access_mode") != "booking (slots)"


def test_a_slug_url_is_the_reversed_url_and_a_non_slug_is_refused_as_before():
    assert slug_url("showcase:facility", "fac-ssrf") == reverse("showcase:facility", args=["fac-ssrf"])
    with pytest.raises(NoReverseMatch):
        slug_url("showcase:facility", "not a slug")


@pytest.mark.parametrize("value", ["", "booking", "nonsense"])
def test_the_quick_select_renders_what_djangos_select_renders(value):
    choices = [("", "Any"), *Instrument.AccessMode.choices, ("x&y", "<b>x</b>")]
    quick = QuickSelect(choices=choices).render("access_mode", value, {"id": "id_access_mode"})
    django = forms.Select(choices=choices).render("access_mode", value, {"id": "id_access_mode"})
    assert parse_html(quick) == parse_html(django)
