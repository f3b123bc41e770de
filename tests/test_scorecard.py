"""A province's PAR INDEX scorecard: the template, the checks on a filled one, and the briefing section it fills.
The filled scorecard is a MADE-UP fixture (tests/fixtures/par_index_2021_35_MADE_UP.csv): only its sum is chosen to
equal Hà Nam's published PAR INDEX 2021, so that the check against the panel can pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli
from analysis.core.errors import DataError
from analysis.data.build import build_processed
from analysis.data.sources.scorecard import read_scorecard
from helpers import page_text

FIXTURE = Path(__file__).parent / "fixtures" / "par_index_2021_35_MADE_UP.csv"
HA_NAM = "35"


def _published(panel, code=HA_NAM, year=2021) -> float:
    rows = panel[(panel["index"] == "par_index") & (panel["level"] == "total") & (panel["year"] == year)]
    return float(rows.set_index("province_code").at[code, "score"])


def test_the_filled_scorecard_is_checked_against_the_panel(panel):
    card = read_scorecard(FIXTURE, _published(panel))
    assert card["points"].sum() == pytest.approx(_published(panel))
    assert card["lost"].sum() == pytest.approx(100 - _published(panel))
    assert (card["lost"] > 0).sum() == 9 and (card["points"] == 0).sum() == 3
    with pytest.raises(DataError, match=r"the points add up to 81.51 but the published PAR INDEX is 80.00"):
        read_scorecard(FIXTURE, 80.0)


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda t: t.replace("C5.1,Made-up criterion C5.1,8,7,", "C5.1,Made-up criterion C5.1,8,9,"),
            r"line 12, column 'points': points must be from 0 to the maximum 8 \(found 9.0\)",
        ),
        (
            lambda t: t.replace("C6.2,Made-up criterion C6.2,3,3", "C6.1,Made-up criterion C6.2,3,3"),
            r"column 'criterion_code': criterion C6.1 is listed twice",
        ),
        (
            lambda t: t.replace("C4.2,Made-up criterion C4.2,5,5", "C4.2,Made-up criterion C4.2,5,năm"),
            r"line 11, column 'points': must be a number \(found 'năm'\)",
        ),
    ],
)
def test_a_bad_scorecard_names_line_and_column(tmp_path, edit, message):
    bad = tmp_path / "par_index_2021_35.csv"
    bad.write_text(edit(FIXTURE.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_scorecard(bad, None)


def _page(processed_dir, lang="vi", province="Hà Nam", code=HA_NAM):
    from analysis.report.briefing import Briefing

    page = Briefing(2021, [province], lang, processed_dir).province_page(code)
    captions = [item.caption for item in page if hasattr(item, "caption")]
    return page, page_text(page), captions


@pytest.fixture
def processed_with_scorecard(tmp_path, processed_dir, writable_raw) -> Path:
    """data/processed rebuilt from the raw files with the made-up scorecard in par_index/scorecards/ (the model
    outputs copied: a scorecard does not enter the models)."""
    folder = writable_raw / "par_index" / "scorecards"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURE, folder / "par_index_2021_35.csv")
    out = tmp_path / "processed"
    build_processed(writable_raw, out)
    for path in processed_dir.iterdir():
        if path.is_file() and not (out / path.name).exists():
            shutil.copy(path, out / path.name)
    return out


@pytest.mark.slow
def test_points_lost_by_lead_agency_come_from_the_provinces_own_assignment(tmp_path, processed_dir, writable_raw):
    """Two fields assigned in a responsibilities file: the scorecard rows carry their agency, the rest is 'not
    assigned', and the page's table sums the points lost per agency as an independent groupby does."""
    folder = writable_raw / "par_index" / "scorecards"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURE, folder / "par_index_2021_35.csv")
    card = pd.read_csv(FIXTURE)
    first, second = card["field"].unique()[:2]
    assignment = tmp_path / "responsibilities.yml"
    assignment.write_text(
        f'province: Ha Nam\nfields:\n  "{first.upper()}": Sở Nội vụ\n  "{second}": Văn phòng UBND tỉnh\n',
        encoding="utf-8",
    )
    out = tmp_path / "processed"
    build_processed(writable_raw, out, responsibilities=assignment)
    for path in processed_dir.iterdir():
        if path.is_file() and not (out / path.name).exists():
            shutil.copy(path, out / path.name)
    cards = pd.read_csv(out / "par_index_scorecards.csv", dtype={"province_code": str}, keep_default_na=False)
    assert set(cards.loc[cards["field"] == first, "lead_agency"]) == {"Sở Nội vụ"}
    assert set(cards.loc[~cards["field"].isin([first, second]), "lead_agency"]) == {""}
    page, _, captions = _page(out, "en")
    assert "Points lost by lead agency" in captions
    table = next(item for item in page if getattr(item, "caption", "") == "Points lost by lead agency").data
    expected = cards.assign(agency=cards["lead_agency"].replace("", "not assigned")).groupby("agency")["lost"].sum()
    assert dict(zip(table["Lead agency"], table["Points lost"], strict=True)) == pytest.approx(expected.to_dict())


@pytest.mark.slow
def test_the_data_step_checks_the_scorecard_and_writes_it_to_processed(processed_with_scorecard):
    cards = pd.read_csv(processed_with_scorecard / "par_index_scorecards.csv", dtype={"province_code": str})
    assert len(cards) == 19 and set(cards["province_code"]) == {HA_NAM} and set(cards["year"]) == {2021}
    assert set(cards["source_file"]) == {"par_index/scorecards/par_index_2021_35.csv"}
    assert cards["lost"].to_numpy() == pytest.approx((cards["max_points"] - cards["points"]).to_numpy())


@pytest.mark.slow
def test_the_briefing_shows_points_lost_when_the_scorecard_is_there(processed_with_scorecard, panel):
    page, texts, captions = _page(processed_with_scorecard, "en")
    assert "9 of 19 criteria fell short of the maximum and 3 of 19 scored zero" in texts
    assert "Points lost by field" in captions and "Criteria with the largest losses" in captions
    by_criterion = next(item for item in page if getattr(item, "caption", "") == "Criteria with the largest losses")
    assert list(by_criterion.data["Criterion"][:3]) == [
        "Made-up criterion C7.2",
        "Made-up criterion C3.2",
        "Made-up criterion C1.3",
    ]
    others = panel[
        (panel["index"] == "par_index")
        & (panel["level"] == "total")
        & (panel["year"] == 2021)
        & (panel["province_code"] != HA_NAM)
    ]["score"].dropna()
    recovered = _published(panel) + 5 + 4.5 + 3
    sentence = (
        "Recovering Made-up criterion C7.2; Made-up criterion C3.2; Made-up criterion C1.3 (+12.50 points) would "
        f"have given {recovered:.2f} points: above "
        f"{(others < recovered).sum()} of the {len(others)} other provinces with a published 2021 score in the "
        f"data (now above {(others < _published(panel)).sum()})."
    )
    assert sentence in texts


def test_without_a_scorecard_the_briefing_says_which_ministry_table_would_answer(processed_dir):
    """No instructions for developers on the leader's pages: the table that would answer, and (on screen) a link to
    the README's how-to. Hà Nội 2021 has neither a scorecard nor reported criteria."""
    _, texts, _ = _page(processed_dir, "en", "Hà Nội", "01")
    assert "The data hold no field or criterion scores for Hà Nội in 2021" in texts
    assert "criterion-by-criterion results for PAR INDEX 2021 would show where the points were lost" in texts
    assert "scorecard-template" not in texts and "python" not in texts and ".csv" not in texts
    assert "README.md#par-index-scorecards" in texts, "the how-to is a link"


def test_the_template_comes_from_the_years_fields_or_the_users_criteria(tmp_path, raw_dir, monkeypatch):
    out = tmp_path / "template.csv"
    assert (
        cli.main(
            [
                "--raw-dir",
                str(raw_dir),
                "scorecard-template",
                "--year",
                "2017",
                "--province",
                "Ha Nam",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    template = pd.read_csv(out)
    structure = pd.read_csv(raw_dir / "reference" / "methodology" / "par_index_structure.csv", dtype=str)
    fields = structure[(structure["level"] == "field") & structure["methodology"].str.contains("2948/QĐ-BNV")]
    assert len(template) == len(fields) == 8 and template["max_points"].sum() == pytest.approx(100)
    assert template["points"].isna().all() and template["criterion_code"].isna().all(), "no invented criteria"
    criteria = tmp_path / "criteria.csv"
    pd.read_csv(FIXTURE)[["field", "criterion_code", "criterion", "max_points"]].to_csv(criteria, index=False)
    xlsx = tmp_path / "template.xlsx"
    assert (
        cli.main(
            [
                "--raw-dir",
                str(raw_dir),
                "scorecard-template",
                "--year",
                "2021",
                "--province",
                "Hà Nam",
                "--criteria",
                str(criteria),
                "--out",
                str(xlsx),
            ]
        )
        == 0
    )
    filled = pd.read_excel(xlsx)
    assert list(filled["criterion_code"]) == list(pd.read_csv(FIXTURE)["criterion_code"])
    assert filled["points"].isna().all()
