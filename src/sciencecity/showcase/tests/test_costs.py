import re


def test_a_cost_reads_in_billions_in_english(client, demo_map):
    html = client.get("/facilities/fac-ssrf/").content.decode()
    assert "1.2 billion CNY" in html and "1200000000" not in html


def test_a_cost_reads_in_yi_yuan_in_chinese(client, demo_map):
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    html = client.get("/facilities/fac-nfps/").content.decode()
    # A whole word: the page's random CSRF token may hold the three letters inside it.
    assert "7.56亿元" in html and not re.search(r"\bCNY\b", html)
