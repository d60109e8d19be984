#!/usr/bin/env python3
"""Remake the print station screenshots in docs/ with the headless Chromium the tests use.

Run from the repository root: `python docs/station_screenshots.py`.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from waitress import create_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from station_helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from handouts.options import StationOptions  # noqa: E402
from handouts.station.app import create_app  # noqa: E402


def main() -> None:
    app = create_app(StationOptions(content=ROOT / "content.yaml"))
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.effective_port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=ROOT / "docs" / "station-catalogue.png", full_page=True)
        page.goto(f"{url}/handout/ketamine-pain-relief")
        page.get_by_label("Patient name").fill("Sam Example")
        page.get_by_label("Clinician").fill("Dr. Rivera")
        page.get_by_label("Next appointment").fill("Tuesday, 10:30 am")
        page.get_by_label("Patient name").focus()
        page.screenshot(path=ROOT / "docs" / "station-form.png", full_page=True)
        browser.close()
    server.close()


if __name__ == "__main__":
    main()
