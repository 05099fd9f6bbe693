def test_the_site_speaks_english_by_default(client, demo_map):
    html = client.get("/facilities/fac-ssrf/").content.decode()
    assert '<html lang="en">' in html and "Key facts" in html


def test_switching_to_chinese_translates_the_interface_and_content(client, demo_map):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/facilities/fac-ssrf/"})
    assert response.status_code == 302 and response["Location"] == "/facilities/fac-ssrf/"
    html = client.get("/facilities/fac-ssrf/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "基本信息" in html  # "Key facts"
    assert "<h1>上海光源</h1>" in html
    assert "中国科学院上海高等研究院" in html  # the operator, in Chinese


def test_content_without_a_chinese_version_falls_back_to_english(client, demo_map):
    from sciencecity.registry.models import Facility

    Facility.objects.filter(slug="fac-sulf").update(name_zh="")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    html = client.get("/facilities/fac-sulf/").content.decode()
    assert "Shanghai Superintense Ultrafast Laser Facility" in html


def test_switching_back_to_english(client, demo_map):
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Large scientific facilities" in client.get("/").content.decode()


def test_the_switch_refuses_to_redirect_off_site(client, db):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "https://evil.example/"})
    assert response["Location"] == "/"
