"""One pipeline that rebuilds only what changed: a run with nothing changed rewrites nothing and says so; a changed
source file rebuilds the data, the models and the documents; a changed template renders again without refitting;
--force rebuilds; a damaged build record is named, set aside and rebuilt; a package installed with a plain
`pip install .` renders a briefing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from analysis import pipeline
from analysis.core import config
from analysis.core.builds import BuildRecord
from analysis.data.fetch import write_manifest
from analysis.pipeline import Folders
from analysis.report.batch import report_paths


def _snapshot(*folders: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under the folders: its modification time (ns) and bytes."""
    return {
        str(p): (p.stat().st_mtime_ns, p.read_bytes())
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _lao_cai_score(page: Path) -> str:
    """The score beside Lào Cai's name in the first table that gives one (the reported PAR INDEX table)."""
    found = re.search(r">Lào Cai</td>\s*<td[^>]*>(\d+\.\d\d)</td>", page.read_text(encoding="utf-8"))
    assert found, "Lào Cai is not in the reported table"
    return found.group(1)


def _command(folders: Folders, *options: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    """`python -m analysis reports` for 2021 in English, HTML only, as a user types it; its console output."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "--source",
            str(folders.source),
            "--raw-dir",
            str(folders.raw),
            "--processed-dir",
            str(folders.processed),
            "--reports-dir",
            str(folders.reports),
            "reports",
            "--years",
            "2021",
            "--lang",
            "en",
            "--formats",
            "html",
            "--workers",
            "1",
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env=env,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_a_run_with_nothing_changed_rewrites_nothing_and_says_so(tmp_path, source_dir, raw_dir, processed_dir):
    folders = Folders(source=source_dir, raw=raw_dir, processed=processed_dir, reports=tmp_path / "reports")
    first = _command(folders)
    assert "briefings: 1 rendered, 0 unchanged and kept, 0 failed" in first
    before = _snapshot(processed_dir, folders.reports)
    again = _command(folders)
    assert "data: unchanged since the last build, skipped" in again
    assert "models: unchanged since the last build, skipped" in again
    assert "briefings: 0 rendered, 1 unchanged and kept, 0 failed" in again
    assert _snapshot(processed_dir, folders.reports) == before, "a run with nothing changed writes nothing"
    forced = pipeline.reports(
        [2021], langs=["en"], formats=["html"], workers=1, folders=folders, refresh_data=False, force=True
    )
    assert forced.done == ["briefing_2021_en"] and not forced.kept
    # a deleted output is rebuilt although its inputs did not change
    report_paths(folders.reports, 2021, "en")["html"].unlink()
    rebuilt = pipeline.reports([2021], langs=["en"], formats=["html"], workers=1, folders=folders, refresh_data=False)
    assert rebuilt.done == ["briefing_2021_en"]


@pytest.mark.slow
def test_a_changed_source_file_rebuilds_the_data_the_models_and_the_briefing(tmp_path, source_dir):
    source = tmp_path / "source"
    shutil.copytree(source_dir, source)
    for path in source.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    folders = Folders(
        source=source,
        raw=tmp_path / "raw",
        processed=tmp_path / "processed",
        reports=tmp_path / "reports",
        manifest=tmp_path / "manifest.csv",
    )
    shutil.copy(config.MANIFEST_PATH, folders.manifest)
    first = pipeline.reports([2021], langs=["en"], formats=["html"], workers=1, folders=folders)
    assert [step.ran for step in first.steps] == [True, True] and first.done == ["briefing_2021_en"]
    page = report_paths(folders.reports, 2021, "en")["html"]
    assert _lao_cai_score(page) == "88.44", "Lào Cai's reported PAR INDEX 2021"
    # a corrected source row, reviewed and recorded in the manifest as the README says
    par = source / "par_index" / "par_index_total.csv"
    text = par.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("2021,Lào Cai,"))
    par.write_text(text.replace(line, line.replace(",88.44,", ",88.43,")), encoding="utf-8")
    with pytest.raises(Exception, match="differs from the manifest"):
        pipeline.data_step(folders)
    write_manifest(source, folders.manifest)
    second = pipeline.reports([2021], langs=["en"], formats=["html"], workers=1, folders=folders)
    assert [step.ran for step in second.steps] == [True, True] and second.done == ["briefing_2021_en"]
    assert _lao_cai_score(page) == "88.43"


@pytest.mark.slow
def test_a_changed_template_renders_again_without_refitting(tmp_path, source_dir, raw_dir, processed_dir):
    """A copy of the package (PYTHONPATH first, so the command and its kernels run it) whose briefing stylesheet
    changes: the data and models are current and skipped, the briefing renders again and carries the new rule."""
    package = tmp_path / "package"
    shutil.copytree(
        Path(config.__file__).parents[1], package / "analysis", ignore=shutil.ignore_patterns("__pycache__")
    )
    env = {**os.environ, "PYTHONPATH": str(package), "ANALYSIS_PROJECT_ROOT": str(config.PROJECT_ROOT)}
    folders = Folders(source=source_dir, raw=raw_dir, processed=processed_dir, reports=tmp_path / "reports")
    first = _command(folders, env=env)
    assert "data: unchanged" in first and "models: unchanged" in first and "1 rendered" in first
    assert "1 unchanged and kept" in _command(folders, env=env)
    stylesheet = package / "analysis" / "report" / "templates" / "briefing" / "briefing.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n.changed-template { color: teal; }\n")
    third = _command(folders, env=env)
    assert "data: unchanged" in third and "models: unchanged" in third and "1 rendered, 0 unchanged" in third
    assert ".changed-template" in report_paths(folders.reports, 2021, "en")["html"].read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_package_installed_with_pip_renders_a_briefing(tmp_path, source_dir, raw_dir, processed_dir):
    """A plain `pip install .` (the wheel, unpacked as pip would) carries everything it reads besides its code:
    the templates and the panel's column metadata; run from the project folder, it renders a briefing."""
    # Built from a copy, so the build leaves nothing (build/, *.egg-info) in the checkout.
    project = tmp_path / "project"
    shutil.copytree(
        config.PROJECT_ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(config.PROJECT_ROOT / name, project / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "wheel"), str(project)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheel = next((tmp_path / "wheel").glob("analysis-*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    for needed in (
        "analysis/data/panel_columns.yml",
        "analysis/report/templates/briefing/index.html.j2",
        "analysis/report/templates/reports_index.html.j2",
    ):
        assert (site / needed).is_file(), f"the wheel misses {needed}"
    env = {key: value for key, value in os.environ.items() if key != "ANALYSIS_PROJECT_ROOT"}
    env["PYTHONPATH"] = str(site)
    folders = Folders(source=source_dir, raw=raw_dir, processed=processed_dir, reports=tmp_path / "reports")
    printed = _command(folders, env=env, cwd=config.PROJECT_ROOT)
    assert "1 rendered" in printed
    page = report_paths(folders.reports, 2021, "en")["html"].read_text(encoding="utf-8")
    assert "Hà Nam 2021: results and where to act" in page


@pytest.mark.parametrize("damage", ['{"data": {"key": "ab', "[1, 2, 3]", '{"data": "not an entry"}', "\udcff"])
def test_a_damaged_build_record_is_named_set_aside_and_rebuilt(tmp_path, capsys, damage):
    record_path = tmp_path / "builds.json"
    record_path.write_text(damage, encoding="utf-8", errors="surrogateescape")
    output = tmp_path / "made.txt"
    output.write_text("made", encoding="utf-8")
    record = BuildRecord(record_path)
    assert record.entries == {} and not record_path.exists()
    warning = capsys.readouterr().err
    aside = next(tmp_path.glob("builds.damaged-*.json"))
    assert str(record_path) in warning and str(aside) in warning and "rebuilding everything" in warning
    record.record("step", "k1", [output])
    record.save()
    again = BuildRecord(record_path)
    assert again.is_current("step", "k1") and not again.is_current("step", "k2")
    output.write_text("edited", encoding="utf-8")
    assert not BuildRecord(record_path).is_current("step", "k1"), "an edited output is rebuilt"
    assert json.loads(record_path.read_text(encoding="utf-8"))["step"]["files"] == ["made.txt"]


@pytest.mark.slow
def test_profiles_with_fresh_data_read_the_models_they_have_just_fitted(tmp_path, source_dir):
    """`reports --focus all` on an empty processed folder: the data and model steps run first, then the profiles,
    whose keys take the priorities the model step has just written."""
    folders = Folders(
        source=source_dir,
        raw=tmp_path / "raw",
        processed=tmp_path / "processed",
        reports=tmp_path / "reports",
        manifest=config.MANIFEST_PATH,
    )
    result = pipeline.profiles([2021], ["Hà Nam"], ["vi"], ["html"], workers=1, folders=folders, refresh_data=True)
    assert [step.ran for step in result.steps] == [True, True]
    assert result.done == ["profile_2021_35_vi"] and not result.failed
