"""Save PNG screenshots of the main pages, for a reviewer to look at.

Builds the database if it holds no build yet, serves it with uvicorn on a free port, and
drives Debian's Chromium (Playwright) at a laptop and a phone width.

    .venv/bin/python scripts/screenshots.py --db sqlite:///commonground.db --out screenshots
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright
from sqlalchemy import inspect

from commonground.app import create_app
from commonground.evidence.build import build
from commonground.settings import load_settings
from commonground.sql import make_engine

PAGES = {
    "home": "/",
    "home-gcm-vote": "/?layer=gcm-vote",
    "home-immigrant-share": "/?layer=immigrant-share",
    "country-MAR": "/countries/MAR",
    "country-DEU": "/countries/DEU",
    "country-unknown": "/countries/Marocco",
    "instrument-icmw": "/instruments/icmw",
    "instrument-icmw-2000": "/instruments/icmw?as_of=2000",
    "gcm-objective-23": "/gcm/objectives/23",
    "corridors": "/corridors?origin=MAR&group_by=destination",
    "corridors-bad-year": "/corridors?year=1999",
    "search": "/search?q=united",
    "forums": "/forums",
    "forum-colombo-2014": "/forums/colombo-process?as_of=2014",
    "forum-gfmd": "/forums/gfmd",
    "meeting-gfmd-2008": "/meetings/gfmd-2008",
    "actor-iom": "/actors/iom",
    "home-membership": "/?layer=membership&forum=rabat-process",
    "north-south": "/north-south?since=2000",
    "instrument-refugee-1951": "/instruments/refugee-convention-1951",
}
SIZES = {"laptop": (1366, 900), "phone": (390, 844)}
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def ensure_built(data: str, db: str) -> None:
    settings = load_settings(data, db)
    engine = make_engine(settings.database_url)
    try:
        built = inspect(engine).has_table("build_info")
    finally:
        engine.dispose()
    if not built:
        print(f"building {db} from {data}")
        build(settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=None)
    parser.add_argument("--db", default=None)
    parser.add_argument("--out", default="screenshots")
    args = parser.parse_args()
    settings = load_settings(args.data, args.db)
    ensure_built(str(settings.data_dir), settings.database_url)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    chromium = os.environ.get("COMMONGROUND_CHROMIUM") or shutil.which("chromium")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            for size, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for name, path in PAGES.items():
                    page.goto(f"http://127.0.0.1:{port}{path}")
                    page.wait_for_load_state("networkidle")
                    if page.locator("#map-canvas").count():
                        page.wait_for_selector("#map-canvas[data-drawn] svg", timeout=30_000)
                    target = out / f"{name}-{size}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                page.close()
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/countries/MAR")
            page.wait_for_load_state("networkidle")
            page.pdf(path=str(out / "country-MAR-print.pdf"), format="A4")
            print(out / "country-MAR-print.pdf")
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


if __name__ == "__main__":
    main()
