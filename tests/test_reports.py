"""Reports checked like a reader: one year rendered to HTML and PDF from the real data."""
import base64
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from analysis import config
from analysis.provinces import load_crosswalk
from analysis.report import batch
from analysis.report.params import load_batch_config, validate


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.captions, self.classes, self.scripts, self._in_caption = [], [], [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes += (attrs.get("class") or "").split()
        if tag == "img":
            self.images.append(attrs)
        if tag == "figcaption":
            self._in_caption = True
            self.captions.append("")
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_caption:
            self.captions[-1] += data


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The batch for 2021 (both languages), on the data/processed built by `make models` before the tests."""
    out = tmp_path_factory.mktemp("reports")
    outcomes = batch.run_batch(years=[2021], focus=["Hà Nam"], langs=["vi", "en"], formats=["html", "pdf"],
                               workers=2, reports_dir=out, refresh_data=False)
    assert all(o["ok"] for o in outcomes), outcomes
    return out


def _nfc(text):
    return unicodedata.normalize("NFC", text)


def test_html_has_no_code_working_images_titles_and_the_spotlight_figures(rendered):
    page = (rendered / "2021" / "briefing_2021_vi.html").read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(page)
    assert not {"jp-InputArea", "input_area", "jp-InputPrompt"} & set(parser.classes)
    assert "import " not in re.sub(r"<style.*?</style>", "", page, flags=re.S)
    assert not parser.scripts, "the page must open offline"
    assert len(parser.images) >= 6
    for image in parser.images:
        assert image["src"].startswith("data:image/png;base64,")
        assert base64.b64decode(image["src"].split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
        assert image.get("alt", "").strip(), "every chart has a title"
    assert len(parser.captions) == len(parser.images) and all(c.strip() for c in parser.captions)
    text = _nfc(page)
    for fact in ("Hà Nam", "81.51", "60/63", "giảm 17 bậc", "88.38", "19/63", "giảm 1 bậc", "43.29", "/60",
                 "Quảng Ninh", "Mục lục", "CC BY-SA 4.0"):
        assert fact in text, fact


def test_pdf_text_has_vietnamese_diacritics_and_page_numbers(rendered):
    reader = PdfReader(rendered / "2021" / "briefing_2021_vi.pdf")
    assert len(reader.pages) > 3
    text = _nfc("\n".join(page.extract_text() for page in reader.pages))
    for fact in ("Hà Nam", "Quảng Ninh", "Thừa Thiên Huế", "81.51", "88.38"):
        assert fact in text, fact
    assert f"1 / {len(reader.pages)}" in text
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_english_report_comes_from_the_same_notebook(rendered):
    page = _nfc((rendered / "2021" / "briefing_2021_en.html").read_text(encoding="utf-8"))
    assert "Spotlight: Hà Nam" in page and "down 17" in page and "Contents" in page
    assert "Tiêu điểm" not in page


def test_run_record_and_index(rendered):
    import json
    run = json.loads((rendered / "2021" / "run.json").read_text(encoding="utf-8"))
    assert run["git_commit"] and run["packages"]["papermill"] and run["started"] <= run["finished"]
    assert run["data_manifest_sha256"]["papi/papi_subdimensions_2021.csv"]
    assert {p["lang"] for p in run["parameters"]} == {"vi", "en"}
    assert (rendered / "2021" / "briefing_2021_vi.ipynb").is_file()
    index = (rendered / "index.html").read_text(encoding="utf-8")
    assert 'href="2021/briefing_2021_vi.pdf"' in index and "PAPI: 60" in index


@pytest.mark.parametrize("year, focus, lang, message", [
    (2030, ["Hà Nam"], "vi", "no data for year 2030"),
    ("2021", ["Hà Nam"], "vi", "whole number"),
    (2021, "Hà Nam", "vi", "must be a list"),
    (2021, ["Hà Nama"], "vi", "closest known: Hà Nam"),
    (2021, ["Hà Nam"], "fr", "lang must be one of"),
    (2021, ["__import__('os').system('rm -rf /')"], "vi", "unknown province"),
])
def test_bad_parameters_are_refused_before_anything_runs(raw_dir, year, focus, lang, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        validate(year, focus, lang, list(range(2011, 2025)), load_crosswalk(raw_dir))


def test_batch_config_is_validated(tmp_path):
    assert load_batch_config()["focus_provinces"] == ["Hà Nam"]
    bad = tmp_path / "reports.yml"
    bad.write_text("focus_provinces: Hà Nam\nlanguages: [vi]\nformats: [html]\nexecution_timeout_seconds: 60\nworkers: 1\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="focus_provinces"):
        load_batch_config(bad)


def test_a_failing_report_does_not_stop_the_others(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "NOTEBOOK", tmp_path / "missing.ipynb")
    outcome = batch.render_one({"year": 2021, "lang": "vi", "formats": ["html"], "reports_dir": str(tmp_path),
                                "timeout": 60, "title": "x", "parameters": {}})
    assert not outcome["ok"] and "missing.ipynb" in outcome["error"]
    assert not list((tmp_path / "2021").glob("*.html"))
