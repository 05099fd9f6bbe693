"""The demo map holds Chinese for every piece of public text, flagged as machine-made where it is."""

import re

import pytest

from sciencecity.demo.loader import read_data, split_bilingual_name
from sciencecity.registry.models import (
    Achievement,
    AttributeLabel,
    Claim,
    Facility,
    Field,
    Instrument,
    Organisation,
    Project,
    Translation,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")
CODES_ONLY = re.compile(r"^[A-Z0-9 /,-]+$")


def test_a_name_with_chinese_in_brackets_splits_into_its_english_and_chinese():
    assert split_bilingual_name("Fourier Intelligence (傅利叶智能)") == ("Fourier Intelligence", "傅利叶智能")
    assert split_bilingual_name("Shanghai Synchrotron Radiation Facility (SSRF)") == (
        "Shanghai Synchrotron Radiation Facility (SSRF)",
        "",
    )


def test_english_names_are_english_only_and_the_chinese_is_in_the_chinese_name(demo_map):
    named = [
        *Organisation.objects.all(),
        *Facility.objects.all(),
        *Field.objects.all(),
        *Project.objects.all(),
    ]
    assert [r.name_en for r in named if CHINESE.search(r.name_en)] == []
    fourier = Organisation.objects.get(slug="org-fourier")
    assert (fourier.name_en, fourier.name_zh) == ("Fourier Intelligence", "傅利叶智能")
    livecell = Facility.objects.get(slug="fac-livecell")
    assert livecell.name_en == "Live cell structure and function imaging beamline/station project"
    assert livecell.name_zh == "活细胞结构与功能成像等线站工程"
    assert (
        Organisation.objects.get(slug="plat-national").name_zh
        == "重大科研基础设施和大型科研仪器国家网络管理平台"
    )


def _missing_chinese(record, pairs):
    return [
        (record.slug, english)
        for english, chinese in pairs
        if getattr(record, english) and not getattr(record, chinese)
    ]


def test_every_public_text_of_a_record_has_its_chinese(demo_map):
    missing = []
    for o in Organisation.objects.all():
        missing += _missing_chinese(
            o,
            [
                ("name_en", "name_zh"),
                ("region", "region_zh"),
                ("location", "location_zh"),
                ("parent_name", "parent_name_zh"),
                ("role_en", "role_zh"),
                ("description_en", "description_zh"),
            ],
        )
    for f in Facility.objects.all():
        missing += _missing_chinese(
            f,
            [
                ("name_en", "name_zh"),
                ("subtype", "subtype_zh"),
                ("location", "location_zh"),
                ("firsts_en", "firsts_zh"),
                ("description_en", "description_zh"),
            ],
        )
        missing += [(f.slug, m["event"]) for m in f.milestones if not m.get("event_zh")]
    for i in Instrument.objects.all():
        if not CODES_ONLY.match(i.techniques):
            missing += _missing_chinese(i, [("techniques", "techniques_zh")])
        missing += _missing_chinese(i, [("description_en", "description_zh")])
    specified: list[Facility | Instrument] = [*Facility.objects.all(), *Instrument.objects.all()]
    for record in specified:
        words = {k for k, v in record.specs.items() if re.search(r"[a-z]{2,}", str(v))}
        missing += [(record.slug, key) for key in words - record.specs_zh.keys()]
    for p in Project.objects.all():
        missing += _missing_chinese(p, [("name_en", "name_zh"), ("description_en", "description_zh")])
    for a in Achievement.objects.all():
        missing += _missing_chinese(
            a,
            [
                ("title_en", "title_zh"),
                ("detail_en", "detail_zh"),
                ("firsts_en", "firsts_zh"),
                ("reported_claim", "reported_claim_zh"),
            ],
        )
    for c in Claim.objects.all():
        missing += [(c.slug, "text")] if not c.text_zh else []
    assert missing == []


def test_every_specification_and_unconfirmed_attribute_has_a_label_in_both_languages(demo_map):
    seed = read_data("shanghai.yaml")
    keys = {k for f in Facility.objects.all() for k in f.specs}
    keys |= {k for i in Instrument.objects.all() for k in i.specs}
    keys |= {
        k
        for section in ("facilities", "stations", "institutions", "platforms", "achievements")
        for r in seed[section]
        for k in r.get("unverified", [])
    }
    labels = {label.key: label for label in AttributeLabel.objects.all()}
    assert sorted(keys - labels.keys()) == []
    assert [k for k in keys if not labels[k].label_zh] == []


def test_machine_made_translations_are_flagged_for_review(demo_map):
    translated = read_data("translations_zh.yaml")
    assert translated["translation"] == "machine"
    ssrf = Facility.objects.get(slug="fac-ssrf")
    assert ssrf.translation_zh == Translation.MACHINE
    assert Achievement.objects.get(slug="drug-toripalimab").translation_zh == Translation.MACHINE
    flagged = {
        r.slug
        for model in (Organisation, Facility, Instrument, Project, Achievement)
        for r in model.objects.filter(translation_zh=Translation.MACHINE)
    }
    assert flagged == set(translated["records"])
    assert not AttributeLabel.objects.exclude(translation_zh=Translation.MACHINE).exists()


@pytest.mark.django_db
def test_staff_can_list_the_records_whose_chinese_is_machine_made(admin_client, demo_map):
    Facility.objects.filter(slug="fac-livecell").update(translation_zh=Translation.REVIEWED)
    response = admin_client.get("/admin/registry/facility/?translation_zh__exact=machine")
    html = response.content.decode()
    assert response.status_code == 200
    assert "SSRF" in html and not re.search(r"\bLCSF\b", html)
    assert "machine translation, to be reviewed" in html
