"""tools/compare_outputs.py, the before/after comparison of what users get (every data/processed file and every
briefing's HTML, byte for byte), on hand-made folders."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from analysis.core import config

compare_outputs = runpy.run_path(str(config.PROJECT_ROOT / "tools" / "compare_outputs.py"))


def _side(root: Path, commit: str, score: str) -> Path:
    (root / "processed").mkdir(parents=True)
    (root / "processed" / "indices_long.csv").write_text(f"year,score\n2021,{score}\n", encoding="utf-8")
    (root / "reports" / "2021").mkdir(parents=True)
    page = f"<html><body><p>Hà Nam</p><td>{score}</td><td>{commit}</td></body></html>"
    (root / "reports" / "2021" / "briefing_2021_vi.html").write_text(page, encoding="utf-8")
    (root / "reports" / "2021" / "briefing_2021_vi.ipynb").write_text(commit, encoding="utf-8")  # not compared
    return root


def test_identical_outputs_and_differences_explained_by_an_ignore_pattern_pass(tmp_path, capsys):
    before = _side(tmp_path / "before", "a" * 40, "81,51")
    after = _side(tmp_path / "after", "b" * 40, "81,51")
    assert compare_outputs["main"]([str(before), str(after), "--ignore", "[0-9a-f]{40}"]) == 0
    assert "2 files compared, 2 identical, 0 with differences" in capsys.readouterr().out
    assert compare_outputs["main"]([str(before), str(after)]) == 1, "without the pattern the commit differs"


def test_a_changed_number_and_a_file_on_one_side_are_named(tmp_path, capsys):
    before = _side(tmp_path / "before", "a" * 40, "81,51")
    after = _side(tmp_path / "after", "a" * 40, "81,52")
    (after / "processed" / "new.csv").write_text("x\n", encoding="utf-8")
    assert compare_outputs["main"]([str(before), str(after)]) == 1
    printed = capsys.readouterr().out
    assert "differs: processed/indices_long.csv" in printed and "-2021,81,51" in printed and "+2021,81,52" in printed
    assert "differs: reports/2021/briefing_2021_vi.html" in printed and "+<td>81,52</td>" in printed
    assert "only after: processed/new.csv" in printed


@pytest.mark.parametrize("name", ["2021/briefing_2021_en.html", "2021/briefing_2021_vi.html"])
def test_every_yearly_briefing_page_is_compared_and_nothing_else(tmp_path, name):
    side = _side(tmp_path / "side", "a" * 40, "1")
    (side / "reports" / name).write_text("<p>page</p>", encoding="utf-8")
    (side / "reports" / "profiles" / "2021").mkdir(parents=True)
    (side / "reports" / "profiles" / "2021" / "index.html").write_text("<p>x</p>", encoding="utf-8")
    files = compare_outputs["compared_files"](side)
    assert f"reports/{name}" in files and not [f for f in files if "profiles" in f]
