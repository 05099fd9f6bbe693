from sciencecity.registry.models import AttributeLabel
from sciencecity.showcase.templatetags.showcase import spec_label


def test_unconfirmed_attributes_are_shown_by_their_labels_in_chinese(client, demo_map):
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    html = client.get("/facilities/fac-shine/").content.decode()
    assert "尚无来源证实： 电子能量 8 GeV、完工日期" in html
    assert "electron_energy_8_gev" not in html and "completion_date" not in html


def test_specification_labels_come_from_the_map_in_each_language(client, demo_map):
    assert "FEL beamlines" in client.get("/facilities/fac-shine/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "自由电子激光光束线数" in client.get("/facilities/fac-shine/").content.decode()


def test_an_attribute_without_a_label_is_humanised_and_marked_english(client, demo_map):
    AttributeLabel.objects.filter(key="fel_beamlines").delete()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    html = client.get("/facilities/fac-shine/").content.decode()
    assert '<dt><span lang="en">FEL beamlines</span></dt>' in html


def test_the_fallback_label_keeps_acronyms_and_units():
    assert spec_label("fel_beamlines") == "FEL beamlines"
    assert spec_label("nmr_machines") == "NMR machines"
    assert spec_label("storage_ring_energy_gev") == "Storage ring energy (GeV)"
