"""Front-end libraries from the npm registry, served from node_modules.

`make install` runs `npm ci`, which puts vega, vega-lite, vega-embed, world-atlas, and the
API docs' swagger-ui-dist and redoc into node_modules at the repository root. Only the few
files the pages use are served, under /vendor/. Without them the pages still work: tables
stand in for charts and maps.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from commonground.domain.errors import NotFound

ASSETS_ENV = "COMMONGROUND_NODE_MODULES"
STATIC_DIR = Path(__file__).parent / "static"
REPO_NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"
VENDOR = {
    "vega.min.js": "vega/build/vega.min.js",
    "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
    "vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "redoc.standalone.js": "redoc/bundles/redoc.standalone.js",
}
CHART_LIBRARIES = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "countries-110m.json")

router = APIRouter(include_in_schema=False)


def node_modules() -> Path:
    configured = os.environ.get(ASSETS_ENV)
    if configured:
        return Path(configured)
    local = Path.cwd() / "node_modules"
    return REPO_NODE_MODULES if REPO_NODE_MODULES.is_dir() else local


def vendor_available() -> bool:
    """True when every library the charts need is installed."""
    base = node_modules()
    return all((base / VENDOR[name]).is_file() for name in CHART_LIBRARIES)


@router.get("/vendor/{name}")
def vendor(name: str) -> FileResponse:
    if name not in VENDOR or not (node_modules() / VENDOR[name]).is_file():
        raise NotFound(f"no front-end library {name!r}; run `make install` (npm ci)")
    return FileResponse(
        node_modules() / VENDOR[name], headers={"Cache-Control": "public, max-age=86400"}
    )
