import shutil

import pytest

from analysis.cli import main
from analysis.core import config
from analysis.core.errors import DataError, SourceMissingError
from analysis.data import fetch


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


def test_a_stale_raw_copy_is_replaced_from_the_verified_source(source_dir, writable_raw):
    target = writable_raw / "reference" / "provinces.csv"
    target.write_text("edited", encoding="utf-8")
    fetch.fetch(source_dir, writable_raw)
    assert fetch.sha256(target) == fetch.sha256(source_dir / "reference" / "provinces.csv")


def test_a_source_edit_is_caught_even_with_raw_filled_and_a_recorded_one_is_fetched(source_dir, tmp_path):
    """The README's update steps: edit a source file, `python -m analysis manifest`, `make data`."""
    source, raw, manifest = _copy_source(source_dir, tmp_path), tmp_path / "raw", tmp_path / "manifest.csv"
    fetch.write_manifest(source, manifest)
    fetch.fetch(source, raw, manifest)
    total = source / "par_index" / "par_index_total.csv"
    total.write_text(total.read_text(encoding="utf-8").replace(",81.51,", ",81.52,", 1), encoding="utf-8")
    with pytest.raises(SourceMissingError, match=r"par_index_total\.csv: checksum .* differs"):
        fetch.fetch(source, raw, manifest)
    fetch.write_manifest(source, manifest)
    fetch.fetch(source, raw, manifest)
    assert ",81.52," in (raw / "par_index" / "par_index_total.csv").read_text(encoding="utf-8")
    (source / "sipas" / "raw_fact_notes.txt").unlink()
    with pytest.raises(SourceMissingError, match=r"raw_fact_notes\.txt: listed in data/manifest\.csv but missing"):
        fetch.fetch(source, raw, manifest)
    fetch.write_manifest(source, manifest)
    fetch.fetch(source, raw, manifest)
    assert not (raw / "sipas" / "raw_fact_notes.txt").exists(), "a recorded removal leaves the raw folder too"
    (source / "sipas" / "new.csv").write_text("year\n", encoding="utf-8")
    with pytest.raises(SourceMissingError, match=r"new\.csv: in the source folder but not in data/manifest\.csv"):
        fetch.fetch(source, raw, manifest)


@pytest.mark.parametrize(
    "damage, error, message",
    [
        (
            lambda m, s: m.write_text(m.read_text().replace("papi/papi_subdimensions_2016.csv", "../x", 1)),
            DataError,
            r"line \d+, column 'path': a path must be relative and stay inside the source folder",
        ),
        (
            lambda m, s: m.write_text(m.read_text().replace("papi/papi_subdimensions_2016.csv", "/etc/passwd", 1)),
            DataError,
            r"a path must be relative",
        ),
        (lambda m, s: m.write_text(m.read_text().splitlines()[0] + "\n"), DataError, r"lists no files"),
        (
            lambda m, s: m.write_text(m.read_text().replace("sha256", "checksum", 1)),
            DataError,
            r"needs the columns \['sha256'\]",
        ),
        (
            lambda m, s: (
                (s / "reference" / "provinces.csv").unlink()
                or (s / "reference" / "provinces.csv").symlink_to("/etc/passwd")
            ),
            SourceMissingError,
            r"provinces\.csv: a link or a path leading outside the source folder",
        ),
        (
            lambda m, s: (s / "sipas" / "raw_fact_notes.txt").unlink() or (s / "sipas" / "raw_fact_notes.txt").mkdir(),
            SourceMissingError,
            r"raw_fact_notes\.txt: listed in data/manifest\.csv as a file but it is a folder",
        ),
    ],
)
def test_fetch_trusts_no_manifest_path_link_or_folder(source_dir, tmp_path, damage, error, message):
    source, manifest = _copy_source(source_dir, tmp_path), tmp_path / "manifest.csv"
    fetch.write_manifest(source, manifest)
    damage(manifest, source)
    with pytest.raises(error, match=message):
        fetch.fetch(source, tmp_path / "raw", manifest)
    assert not (tmp_path / "x").exists() and not (tmp_path / "raw" / "reference").exists()


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
