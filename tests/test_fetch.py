import shutil

import pytest

from analysis import config, fetch
from analysis.cli import main
from analysis.errors import SourceMissingError


def test_manifest_lists_every_source_file_with_checksum(source_dir):
    entries = fetch.read_manifest()
    paths = {e["path"] for e in entries}
    assert {
        "papi/papi_subdimensions_2021.csv",
        "par_index/par_index_total.csv",
        "sipas/sipas_total.csv",
        "reference/provinces.csv",
        "reference/vn_provinces_63.geojson",
    } <= paths
    for entry in entries:
        assert len(entry["sha256"]) == 64 and int(entry["bytes"]) > 0 and entry["origin"]


def test_fetch_copies_read_only_files_matching_the_manifest(raw_dir):
    for entry in fetch.read_manifest():
        copy = raw_dir / entry["path"]
        assert fetch.sha256(copy) == entry["sha256"]
        assert not copy.stat().st_mode & 0o222, f"{copy} should be read-only"


def _copy_source(source_dir, tmp_path):
    copy = tmp_path / "source"
    shutil.copytree(source_dir, copy)
    for path in copy.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return copy


def test_changed_source_file_stops_the_fetch_and_copies_nothing(source_dir, tmp_path):
    source = _copy_source(source_dir, tmp_path)
    with open(source / "sipas" / "sipas_total.csv", "a", encoding="utf-8") as handle:
        handle.write("2021,Hà Nam,1,99.9,https://example.org,tampered\n")
    raw = tmp_path / "raw"
    with pytest.raises(SourceMissingError, match=r"sipas_total\.csv: checksum .* differs"):
        fetch.fetch(source, raw)
    assert not raw.exists() or not any(raw.rglob("*.csv"))


def test_missing_source_file_is_named(source_dir, tmp_path):
    source = _copy_source(source_dir, tmp_path)
    (source / "papi" / "papi_subdimensions_2016.csv").unlink()
    with pytest.raises(
        SourceMissingError, match=r"papi_subdimensions_2016\.csv: listed in data/manifest\.csv but missing"
    ):
        fetch.fetch(source, tmp_path / "raw")


def test_modified_raw_copy_is_reported_not_overwritten(source_dir, writable_raw):
    target = writable_raw / "reference" / "provinces.csv"
    target.write_text("edited", encoding="utf-8")
    with pytest.raises(SourceMissingError, match="local raw copy was modified"):
        fetch.fetch(source_dir, writable_raw)
    assert target.read_text(encoding="utf-8") == "edited"


def test_missing_source_folder_gets_an_explanation_not_a_traceback(tmp_path, capsys):
    assert main(["data", "--source", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and config.SOURCE_ENV_VAR in err and "Traceback" not in err


def test_source_folder_comes_from_option_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.setenv(config.SOURCE_ENV_VAR, str(tmp_path))
    assert config.source_dir() == tmp_path.resolve()
    assert config.source_dir(str(tmp_path / "x")) == (tmp_path / "x").resolve()
    monkeypatch.delenv(config.SOURCE_ENV_VAR)
    assert config.source_dir() == config.DEFAULT_SOURCE_DIR.resolve()
