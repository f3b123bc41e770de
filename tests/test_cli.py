"""Options read the way the user wrote them: a range that cannot be read stops with a message, never 'all years'."""

import re

import pytest

from analysis import pipeline
from analysis.cli import main
from analysis.core import config
from analysis.core.settings import ConfigError, load_report_settings
from analysis.data.provinces import load_processed_crosswalk
from analysis.models.run import run_models
from analysis.report.params import validate


def test_year_option_is_parsed_and_checked():
    assert config.parse_years("2019,2021") == [2019, 2021]
    assert config.parse_years("2011-2013") == [2011, 2012, 2013]
    assert config.parse_years(None) == list(range(config.FIRST_YEAR, config.LAST_YEAR + 1))
    assert config.parse_years("2025") == [2025], "the 34-province years are accepted"
    with pytest.raises(ValueError, match="outside"):
        config.parse_years(str(config.LAST_YEAR + 1))
    with pytest.raises(ValueError, match="cannot read years"):
        config.parse_years("twenty")
    with pytest.raises(ValueError, match="cannot read years"):
        config.parse_years("")


def test_reversed_range_stops_the_command_with_a_message(tmp_path, capsys):
    assert main(["models", "--years", "2024-2011", "--processed-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "runs backwards" in err and "2011-2024" in err and "Traceback" not in err
    assert not any(tmp_path.iterdir()), "nothing was run or written"


@pytest.mark.slow
def test_models_command_runs_only_the_years_given(processed_dir, raw_dir, source_dir, tmp_path, capsys):
    import shutil

    work = tmp_path / "processed"
    shutil.copytree(processed_dir, work)
    folders = ["--source", str(source_dir), "--raw-dir", str(raw_dir), "--processed-dir", str(work)]
    assert main(["models", "--years", "2020-2021", *folders]) == 0
    printed = capsys.readouterr().out
    assert "data: unchanged since the last build, skipped" in printed and "over 2020-2021" in printed
    assert main(["models", "--years", "2020-2021", *folders]) == 0
    assert "models: unchanged since the last build, skipped" in capsys.readouterr().out


def test_an_empty_or_unknown_year_list_is_an_error(panel):
    with pytest.raises(ValueError, match="no years"):
        run_models(panel, years=[])
    with pytest.raises(ValueError, match=r"no data for year\(s\) \[2010\]"):
        run_models(panel, years=[2010, 2021])
    with pytest.raises(ValueError, match="no years"):
        pipeline.reports(years=[], refresh_data=False)


@pytest.mark.parametrize(
    ("formats", "langs", "workers", "message"),
    [(["docx"], ["vi"], 1, "formats"), (["html"], ["fr"], 1, "languages"), (["html"], ["vi"], 0, "workers")],
)
def test_batch_options_are_checked_before_any_work(formats, langs, workers, message):
    with pytest.raises(ConfigError, match=f"the command line: '{message}"):
        load_report_settings().with_options(formats=formats, languages=langs, workers=workers)


@pytest.mark.slow
def test_reports_focus_all_refreshes_data_and_models_then_renders_every_province(
    monkeypatch, processed_dir, raw_dir, tmp_path
):
    """`reports --focus all` is the profiles command for every province, after the same data and model steps as the
    briefings (in that order), with the reports' options passed on."""
    calls = []
    monkeypatch.setattr(pipeline, "data_step", lambda folders, force, say: calls.append(("data", force)))
    monkeypatch.setattr(pipeline, "models_step", lambda folders, force, say: calls.append(("models", force)))

    def render(jobs, record, workers, kind, force, scheduler, say):
        calls.append(("render", kind, len(jobs), {(j.year, j.lang, j.formats) for j in jobs}, workers, record))
        return pipeline.DocumentsResult()

    monkeypatch.setattr(pipeline, "render_current", render)
    argv = [
        "--raw-dir",
        str(raw_dir),
        "--processed-dir",
        str(processed_dir),
        "--reports-dir",
        str(tmp_path),
        "reports",
        "--years",
        "2021",
        "--focus",
        "all",
        "--lang",
        "en",
        "--formats",
        "html",
        "--workers",
        "3",
    ]
    assert main(argv) == 0
    assert calls == [
        ("data", False),
        ("models", False),
        ("render", "profiles", 63, {(2021, "en", ("html",))}, 3, tmp_path / "profiles" / "builds.json"),
    ]


@pytest.mark.parametrize(
    "year, focus, lang, message",
    [
        (2030, ["Hà Nam"], "vi", "no data for year 2030"),
        ("2021", ["Hà Nam"], "vi", "whole number"),
        (2021, "Hà Nam", "vi", "must be a list"),
        (2021, ["Hà Nama"], "vi", "closest known: Hà Nam"),
        (2021, ["Hà Nam"], "fr", "lang must be one of"),
        (2021, ["__import__('os').system('rm -rf /')"], "vi", "unknown province"),
    ],
)
def test_bad_parameters_are_refused_before_anything_runs(processed_dir, year, focus, lang, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        validate(year, focus, lang, list(range(2011, 2025)), load_processed_crosswalk(processed_dir))


def test_batch_config_is_validated(tmp_path):
    assert load_report_settings().focus_provinces == ["Hà Nam"]
    bad = tmp_path / "reports.yml"
    bad.write_text(
        "focus_provinces: Hà Nam\nlanguages: [vi]\nformats: [html]\nexecution_timeout_seconds: 60\nworkers: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError) as error:
        load_report_settings(bad)
    assert f"{bad}: 'focus_provinces' Input should be a valid list (found 'Hà Nam')" in str(error.value)
