"""Headless Chromium for tests that look at pages: the DOM after rendering, and screenshots."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


needs_chromium = pytest.mark.skipif(chromium() is None,
                                    reason="no Chromium here (.ci/run installs Debian's `chromium`)")


def dump_dom(page: Path) -> str:
    """The DOM after Chromium has loaded the page (and run its scripts, where the page allows any)."""
    done = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-1000:]
    return done.stdout


def screenshot(page: Path, png: Path, size: str = "1200,900") -> Path:
    png.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={png}",
                    f"--window-size={size}", page.as_uri()], capture_output=True, timeout=120, check=True)
    return png


# JupyterLab's rules for tables in rendered HTML outputs (@jupyterlab/rendermime, base.css), the ones that
# right-align cells, centre tables and let cells wrap; a notebook's output has to look right under them.
JUPYTER_TABLE_CSS = """
.jp-RenderedHTMLCommon{font-family:system-ui,sans-serif;font-size:14px}
.jp-RenderedHTMLCommon table{border-collapse:collapse;border-spacing:0;border:none;font-size:12px;
table-layout:fixed;margin-left:auto;margin-bottom:1em;margin-right:auto}
.jp-RenderedHTMLCommon thead{border-bottom:1px solid #616161;vertical-align:bottom}
.jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th,.jp-RenderedHTMLCommon tr{vertical-align:middle;padding:.5em;
line-height:normal;white-space:normal;max-width:none;border:none}
.jp-RenderedHTMLCommon th{font-weight:bold}
.jp-RenderedHTMLCommon tbody tr:nth-child(odd){background:#f5f5f5}
.jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th{text-align:right}
.jp-Cell{margin:0 0 1em}.jp-InputArea{background:#f7f7f7;border:1px solid #e0e0e0;padding:.4em;
font-family:monospace;white-space:pre}.jp-OutputArea{padding:.4em;width:1100px}
"""
