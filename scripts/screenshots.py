"""Take the README/docs screenshots of a running demo: python scripts/screenshots.py [BASE_URL]."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS

PAGES = {
    "home": "/",
    "facility": "/facilities/fac-ssrf/",
    "achievements": "/achievements/",
    "home-zh": "/",
}


def main(base: str = "http://127.0.0.1:8000", out: Path = Path("docs/screenshots")) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in PAGES.items():
            page.goto(base + path)
            if name.endswith("-zh"):
                page.get_by_role("button", name="简体中文").click()
                page.wait_for_load_state()
            page.screenshot(path=out / f"{name}.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
