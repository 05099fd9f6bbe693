import copy

import pytest
from django.core.management import call_command

from sciencecity.demo.loader import SeedError, load_demo, read_data
from sciencecity.registry.models import (
    Achievement,
    AttributeLabel,
    Claim,
    Facility,
    Field,
    Instrument,
    Organisation,
)

pytestmark = pytest.mark.usefixtures("no_demo_calls")


def _snapshot() -> dict[str, list[tuple]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", "updated_at"))
        for model in (Facility, Instrument, Organisation, Achievement, Field, AttributeLabel)
    }


def test_loading_twice_changes_nothing(demo_map):
    assert demo_map.total_writes > 50
    before = _snapshot()
    second = load_demo()
    assert second.total_writes == 0
    assert sum(second.unchanged.values()) == sum(demo_map.created.values())
    assert _snapshot() == before


def test_every_seed_facility_station_and_achievement_is_on_the_map(demo_map):
    seed = read_data("shanghai.yaml")
    assert set(Facility.objects.values_list("slug", flat=True)) == {f["id"] for f in seed["facilities"]}
    assert set(Instrument.objects.values_list("slug", flat=True)) == {s["id"] for s in seed["stations"]}
    expected = {a["id"] for a in seed["achievements"]} | {d["id"] for d in seed["drugs"]}
    assert set(Achievement.objects.values_list("slug", flat=True)) == expected


def test_facts_carry_over_with_their_sources(demo_map):
    ssrf = Facility.objects.get(slug="fac-ssrf")
    assert ssrf.code == "SSRF"
    assert ssrf.name_zh == "上海光源"
    assert ssrf.operator is not None and ssrf.operator.slug == "org-sari"
    assert ssrf.cost_cny == 1_200_000_000
    assert ssrf.specs["storage_ring_circumference_m"] == 432
    assert ssrf.opened_display == "2009-05-06"
    assert ssrf.first_kind == "national"
    assert (
        "http://e-ssrf.sinap.cas.cn/about/overview/Storage_Ring/201506/t20150609_295858.html"
        in ssrf.source_urls
    )
    assert set(ssrf.instruments.values_list("code", flat=True)) >= {"BL16B1", "BL19U2", "BL10U1"}
    bl19u2 = Instrument.objects.get(slug="st-ssrf-bl19u2")
    assert bl19u2.owner is not None and bl19u2.owner.slug == "org-ncpss"
    assert bl19u2.opened_display == "2015-03"


def test_unverified_attributes_stay_marked_and_are_never_values(demo_map):
    shine = Facility.objects.get(slug="fac-shine")
    assert shine.verification == "partial"
    assert "electron_energy_8_gev" in shine.unverified
    assert "8 GeV" not in str(shine.specs)
    assert shine.status == "under_construction"


def test_article_claims_are_kept_as_reported_not_as_facts(demo_map):
    assert Claim.objects.count() == 3
    fruquintinib = Achievement.objects.get(slug="drug-fruquintinib")
    assert "first Shanghai-original new drug prescribed overseas" in fruquintinib.reported_claim
    assert fruquintinib.first_kind == "none"


def test_field_names_that_the_seed_yaml_cut_short_are_whole(demo_map):
    assert (
        Field.objects.get(slug="fld-photon").name_en == "Photon science (synchrotron, XFEL, ultrafast lasers)"
    )


def test_a_refused_record_leaves_the_database_as_it_was(demo_map):
    before = _snapshot()
    seed = copy.deepcopy(read_data("shanghai.yaml"))
    seed["facilities"][0]["cost_cny"] = -5
    seed["achievements"][0]["title"] = "Changed title that must not land"
    with pytest.raises(SeedError, match="facility fac-ssrf"):
        load_demo(seed=seed)
    assert _snapshot() == before
    assert Facility.objects.get(slug="fac-ssrf").cost_cny == 1_200_000_000


def test_the_command_loads_the_map_and_prints_how_to_log_in(db, capsys):
    call_command("loaddemo", "--demo-accounts")
    out = capsys.readouterr().out
    assert "facility: 7 created" in out
    assert "alice" in out and "science-city-demo" in out
    call_command("loaddemo")
    assert "facility: 0 created, 0 updated, 7 unchanged" in capsys.readouterr().out
