"""The 34-province era: names read in their year's scheme, a 2025 table (a MADE-UP fixture,
tests/fixtures/par_index_2025_MADE_UP.csv) validated against the 34 provinces, the 2025 briefing on the 34-province
map with the new Ninh Bình's constituents, and the 63 provinces of an earlier year grouped under the 34."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_panel, pipeline
from analysis.core.errors import DataError
from analysis.data.build import build_processed
from analysis.data.merger import grouped_by_new_province
from analysis.data.panel import build_panel
from analysis.data.provinces import load_crosswalk
from analysis.models.run import run_models, write_model_outputs
from analysis.pipeline import Folders

FIXTURE = Path(__file__).parent / "fixtures" / "par_index_2025_MADE_UP.csv"


def test_names_are_read_in_their_years_scheme(raw_dir):
    crosswalk = load_crosswalk(raw_dir)
    assert crosswalk.code("Ninh Bình", year=2021) == "37" and crosswalk.name_vi("35") == "Hà Nam"
    assert crosswalk.code("Tỉnh Ninh Bình", year=2025) == "37" and crosswalk.constituents("37") == ["35", "36", "37"]
    assert crosswalk.code("Hue", year=2025) == "46" and crosswalk.code("TP. Hồ Chí Minh", year=2026) == "79"
    with pytest.raises(DataError, match=r"from 1 July 2025 it is part of Ninh Bình .*; write Ninh Bình"):
        crosswalk.code("Hà Nam", year=2025, file="x.csv", line=3)
    with pytest.raises(DataError, match="unknown province name among the 34 provinces of 2025 onward"):
        crosswalk.code("Hà Nama", year=2025, file="x.csv", line=3)
    old = [code for new in crosswalk.codes(2025) for code in crosswalk.constituents(new)]
    assert len(crosswalk.codes(2025)) == 34 and sorted(old) == sorted(crosswalk.codes())
    assert crosswalk.scheme_table(2025).at["37", "region_en"] == "Red River Delta"


@pytest.fixture(scope="module")
def raw_2025(tmp_path_factory, raw_dir) -> Path:
    raw = tmp_path_factory.mktemp("raw2025") / "raw"
    shutil.copytree(raw_dir, raw)
    (raw / "par_index" / "annex").mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURE, raw / "par_index" / "annex" / "par_index_2025_total.csv")
    return raw


@pytest.mark.slow
def test_a_2025_table_validates_against_the_34_provinces(raw_2025):
    panel, _ = build_panel(raw_2025)
    rows = panel[panel["year"] == 2025]
    fixture = pd.read_csv(FIXTURE)
    assert len(rows) == len(fixture) and set(rows["scheme"]) == {34} and set(rows["n_ranked"]) == {34}
    ninh_binh = rows.set_index("province_name").loc["Ninh Bình"]
    assert ninh_binh["province_code"] == "37" and ninh_binh["region"] == "Đồng bằng sông Hồng"
    assert set(panel.loc[panel["year"] <= 2024, "scheme"]) == {63}


@pytest.mark.slow
@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.replace("2025,Cà Mau,30,", "2025,Cà Mau,40,"), r"rank must be a whole number from 1 to 34"),
        (lambda t: t.replace("2025,Huế,", "2025,Hà Nam,"), r"from 1 July 2025 it is part of Ninh Bình"),
    ],
)
def test_a_2025_row_outside_the_34_province_scheme_is_refused(tmp_path, raw_2025, edit, message):
    raw = tmp_path / "raw"
    shutil.copytree(raw_2025, raw)
    path = raw / "par_index" / "annex" / "par_index_2025_total.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        build_panel(raw)
    assert "par_index/annex/par_index_2025_total.csv, line" in str(caught.value)


@pytest.mark.slow
def test_the_2025_briefing_uses_the_34_province_map_and_the_constituents_history(tmp_path, raw_2025):
    processed = tmp_path / "processed"
    build_processed(raw_2025, processed)
    write_model_outputs(run_models(load_panel(processed)), processed)
    reports = tmp_path / "reports"
    result = pipeline.reports(
        years=[2025],
        focus=["Hà Nam"],
        langs=["vi"],
        formats=["html"],
        workers=1,
        folders=Folders(raw=raw_2025, processed=processed, reports=reports),
        refresh_data=False,
    )
    assert [o.ok for o in result.rendered] == [True], result.rendered
    page = (reports / "2025" / "briefing_2025_vi.html").read_text(encoding="utf-8")
    charts = re.findall(r'<figure class="chart[^"]*">\s*(<svg.*?</svg>)\s*</figure>', page, flags=re.S)
    the_map = next(svg for svg in charts if 'id="province-' in svg)
    assert len(re.findall(r'<g id="province-\d+">', the_map)) == 34
    assert "Ninh Bình: PAR INDEX 88,20" in the_map
    history = next(svg for svg in charts if "các tỉnh hợp thành" in svg)
    for name in ("Hà Nam", "Nam Định", "Ninh Bình (2025–)"):
        assert name in history, name
    assert "Ninh Bình năm 2025: kết quả và việc cần làm" in page and "thứ hạng và điểm không so sánh" in page


def test_an_earlier_year_lists_its_63_provinces_under_the_34(panel, raw_dir):
    table = grouped_by_new_province(panel, load_crosswalk(raw_dir), 2021)
    assert len(table) == 63 and table["new_code"].nunique() == 34
    ninh_binh = table[table["new_province"] == "Ninh Bình"].set_index("old_province")
    assert list(ninh_binh.index) == ["Hà Nam", "Nam Định", "Ninh Bình"]
    assert ninh_binh.at["Hà Nam", "PAR INDEX score"] == pytest.approx(81.51)
    assert not [c for c in table.columns if "mean" in c or "combined" in c], "no made-up composite"
    with pytest.raises(ValueError, match="already uses the 34 provinces"):
        grouped_by_new_province(panel, load_crosswalk(raw_dir), 2025)
