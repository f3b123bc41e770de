"""Province profiles: documents that state their province's figures, an index page per year that links them, a
rebuild limited to what changed, and the same profiles rendered on a Dask cluster."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from analysis import pipeline
from analysis.core.text import number
from analysis.data.build import build_processed
from analysis.pipeline import Folders
from analysis.report.profiles import profile_paths

pytestmark = pytest.mark.slow

CODES = {"Hà Nam": "35", "Hà Nội": "01", "Cà Mau": "96"}


@pytest.fixture(scope="module")
def profiles(tmp_path_factory, raw_dir, processed_dir):
    out = tmp_path_factory.mktemp("reports")
    result = pipeline.profiles(
        [2021], list(CODES), ["vi", "en"], ["html", "pdf"], 2, _folders(raw_dir, processed_dir, out)
    )
    return out, result


def _folders(raw: Path, processed: Path, reports: Path) -> Folders:
    return Folders(raw=raw, processed=processed, reports=reports)


def _text(path: Path) -> str:
    return unicodedata.normalize("NFC", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_each_profile_states_its_provinces_figures(profiles, panel):
    out, result = profiles
    assert len(result.done) == 6 and not result.failed
    totals = panel[(panel["level"] == "total") & (panel["year"] == 2021)]
    for name, code in CODES.items():
        for lang in ("vi", "en"):
            paths = profile_paths(out, 2021, code, lang)
            assert paths["pdf"].is_file() and paths["pdf"].stat().st_size > 10_000
            text = _text(paths["html"])
            for index in ("papi", "par_index", "sipas"):
                row = totals[(totals["index"] == index) & (totals["province_code"] == code)]
                if len(row) and row["score"].notna().iloc[0]:
                    assert number(float(row["score"].iloc[0]), lang, ".2f") in text, (name, lang, index)
            assert name in text


def test_the_index_lists_every_province_and_links_the_profiles(profiles):
    out, _ = profiles
    page = (out / "profiles" / "2021" / "index.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 63 + 1
    for code in CODES.values():
        for lang in ("vi", "en"):
            for kind in ("html", "pdf"):
                href = profile_paths(out, 2021, code, lang)[kind].name
                assert f'href="{href}"' in page and (out / "profiles" / "2021" / href).is_file()
    headline = "PAR INDEX năm 2021: 81,51 điểm, hạng 60/63, giảm 17 bậc so với năm 2020"
    assert headline in unicodedata.normalize("NFC", page)


def test_a_rerun_rebuilds_only_the_year_whose_input_changed(tmp_path, raw_dir, processed_dir, writable_raw):
    reports = tmp_path / "reports"
    before = _folders(raw_dir, processed_dir, reports)
    first = pipeline.profiles([2020, 2021], ["Hà Nam", "Hà Nội"], ["vi"], ["html"], 2, before)
    assert len(first.done) == 4 and len(first.pages) == 2
    again = pipeline.profiles([2020, 2021], ["Hà Nam", "Hà Nội"], ["vi"], ["html"], 2, before)
    assert again.rendered == [] and len(again.kept) == 4 and again.pages == []
    index_2020 = reports / "profiles" / "2020" / "index.html"
    untouched = index_2020.stat().st_mtime_ns
    # correct one 2021 value of a third province: that year's medians and peers change, 2020 does not
    par = writable_raw / "par_index" / "par_index_total.csv"
    text = par.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("2021,Lào Cai,"))
    fields = line.split(",")
    fields[3] = f"{float(fields[3]) - 0.01:.2f}"
    par.write_text(text.replace(line, ",".join(fields)), encoding="utf-8")
    changed = tmp_path / "processed"
    build_processed(writable_raw, changed)
    for model_file in processed_dir.iterdir():
        if not (changed / model_file.name).exists():
            shutil.copy(model_file, changed / model_file.name)
    after = _folders(writable_raw, changed, reports)
    third = pipeline.profiles([2020, 2021], ["Hà Nam", "Hà Nội"], ["vi"], ["html"], 2, after)
    assert third.done == ["profile_2021_01_vi", "profile_2021_35_vi"] and len(third.kept) == 2
    assert index_2020.stat().st_mtime_ns == untouched, "an index whose content did not change is not rewritten"
    forced = pipeline.profiles([2020], ["Hà Nam"], ["vi"], ["html"], 1, after, force=True)
    assert forced.done == ["profile_2020_35_vi"]


def test_profiles_render_on_a_dask_cluster(tmp_path, raw_dir, processed_dir):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = pipeline.profiles(
            [2021],
            ["Hà Nam"],
            ["en"],
            ["html"],
            1,
            _folders(raw_dir, processed_dir, tmp_path),
            scheduler=cluster.scheduler_address,
        )
    assert result.done == ["profile_2021_35_en"] and not result.failed
    page = _text(profile_paths(tmp_path, 2021, "35", "en")["html"])
    assert "PAR INDEX 2021: 81.51, ranked 60 of 63, down 17 places since 2020" in page
