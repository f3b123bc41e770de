"""Data never becomes markup: a province name, a region, a note and a source URL carrying HTML/JS payloads reach the
briefing (both languages), reports/index.html and a profile index only as text."""

from __future__ import annotations

import html
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest

from analysis import pipeline
from analysis.data.build import build_processed
from analysis.data.store import load_panel
from analysis.models.run import run_models, write_model_outputs
from analysis.pipeline import Folders

pytestmark = pytest.mark.slow

NAME = "<script>alert(1)</script>"
REGION = "<img src=x onerror=alert(2)>"
NOTE = '"><svg onload=alert(3)>'
URL = "javascript:alert(4)//<b>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, raw_dir) -> tuple[Path, Path]:
    """A copy of the raw files whose reference names Hà Nam and its region with payloads, and whose PAR INDEX rows
    carry them in a note and a URL; built, modelled and rendered (2021, vi and en) like the real thing."""
    root = tmp_path_factory.mktemp("hostile")
    raw = root / "raw"
    shutil.copytree(raw_dir, raw)
    for path in raw.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    provinces = pd.read_csv(raw / "reference" / "provinces.csv", dtype=str, keep_default_na=False)
    ha_nam = provinces["gso_code"] == "35"
    provinces.loc[ha_nam, "name_vi"] = "Hà Nam" + NAME
    provinces.loc[ha_nam, "region_vi"] = REGION + "Đồng bằng"
    provinces.loc[ha_nam, "region_en"] = REGION + "Delta"
    provinces.to_csv(raw / "reference" / "provinces.csv", index=False)
    par = raw / "par_index" / "par_index_total.csv"
    text = par.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("2021,Lào Cai,"))
    payload_row = line.split(",")
    payload_row[4], payload_row[5] = URL, NOTE.replace('"', '""')
    text = text.replace(line, ",".join(payload_row[:5]) + f',"{payload_row[5]}"')
    par.write_text(text, encoding="utf-8")
    processed = root / "processed"
    build_processed(raw, processed)
    write_model_outputs(run_models(load_panel(processed)), processed)
    folders = Folders(raw=raw, processed=processed, reports=root / "reports")
    result = pipeline.reports(
        [2021], focus=["Hà Nam"], langs=["vi", "en"], formats=["html"], workers=2, folders=folders, refresh_data=False
    )
    assert [o.ok for o in result.rendered] == [True, True], [o.error for o in result.rendered]
    profiles = pipeline.profiles([2021], ["Hà Nam"], ["en"], ["html"], 1, folders)
    assert not profiles.failed
    return root / "reports", processed


def _pages(reports: Path) -> dict[str, str]:
    return {p.relative_to(reports).as_posix(): p.read_text(encoding="utf-8") for p in reports.rglob("*.html")}


def test_no_payload_reaches_any_page_as_markup(hostile):
    reports, _ = hostile
    pages = _pages(reports)
    assert {
        "2021/briefing_2021_vi.html",
        "2021/briefing_2021_en.html",
        "index.html",
        "profiles/2021/index.html",
        "profiles/2021/profile_2021_35_en.html",
    } <= set(pages)
    for name, page in pages.items():
        for payload in (NAME, REGION, NOTE, URL, "<script", "<img", "<svg onload"):
            assert payload not in page, f"{name} carries {payload!r} as markup"


def test_the_payloads_are_shown_as_text(hostile):
    reports, processed = hostile
    assert (load_panel(processed)["province_name"] == "Hà Nam" + NAME).any(), "the payload did reach the data"
    for lang in ("vi", "en"):
        page = (reports / "2021" / f"briefing_2021_{lang}.html").read_text(encoding="utf-8")
        assert html.escape(NAME, quote=False) in page or html.escape(NAME) in page, lang
        assert html.escape(REGION, quote=False) in page or html.escape(REGION) in page, lang
