"""Reports checked like a reader: one year rendered to HTML and PDF from the real data."""

import html
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

from analysis import pipeline
from analysis.core import config
from analysis.pipeline import Folders
from analysis.report import batch
from analysis.report.batch import report_paths

# Every test here renders documents (the module's batch) and reads them as a reader would.
pytestmark = pytest.mark.slow


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.classes, self.scripts = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes += (attrs.get("class") or "").split()
        if tag == "img":
            self.images.append(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])


def _charts(page: str) -> list[str]:
    """Every chart of a page: the SVG elements the template writes inside figure.chart."""
    return re.findall(r'<figure class="chart[^"]*">\s*(<svg.*?</svg>)\s*</figure>', page, flags=re.S)


def _svg_words(svg: str) -> str:
    return " ".join(html.unescape(w) for w in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S))


FAILING_YEAR = 2020


@pytest.fixture(scope="module")
def briefing_that_fails_in_one_year(tmp_path_factory):
    """The real briefing notebook with one extra cell that raises for FAILING_YEAR only."""
    notebook = nbformat.read(batch.NOTEBOOK, as_version=4)
    position = next(i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", []))
    notebook.cells.insert(
        position + 1,
        nbformat.v4.new_code_cell(f"if year == {FAILING_YEAR}:\n    raise RuntimeError('deliberate test failure')"),
    )
    path = tmp_path_factory.mktemp("notebook") / "briefing.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory, raw_dir, processed_dir, briefing_that_fails_in_one_year):
    """2020 and 2021 in both languages, from the session's data, into a temporary reports folder."""
    out = tmp_path_factory.mktemp("reports")
    result = pipeline.reports(
        years=[FAILING_YEAR, 2021],
        focus=["Hà Nam"],
        langs=["vi", "en"],
        formats=["html", "pdf"],
        workers=2,
        folders=Folders(raw=raw_dir, processed=processed_dir, reports=out),
        notebook=briefing_that_fails_in_one_year,
        refresh_data=False,
    )
    return out, result.rendered


@pytest.fixture(scope="module")
def rendered(batch_run):
    return batch_run[0]


def test_one_failing_report_is_recorded_and_the_others_render(batch_run):
    out, outcomes = batch_run
    by_year = {(o.year, o.lang): o for o in outcomes}
    assert len(outcomes) == 4
    for lang in ("vi", "en"):
        failed = by_year[(FAILING_YEAR, lang)]
        assert not failed.ok and "deliberate test failure" in failed.error
        assert "deliberate test failure" in Path(failed.log).read_text(encoding="utf-8")
        assert not report_paths(out, FAILING_YEAR, lang)["html"].exists()
        assert by_year[(2021, lang)].ok
        assert report_paths(out, 2021, lang)["pdf"].is_file()
    record = json.loads((out / str(FAILING_YEAR) / "run.json").read_text(encoding="utf-8"))
    assert [r["ok"] for r in record["reports"]] == [False, False]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"{FAILING_YEAR}/run.json" in index and 'href="2021/briefing_2021_en.html"' in index


def test_the_same_parameters_give_the_same_page_whatever_the_kernel_ran_before(
    rendered, tmp_path, raw_dir, processed_dir, briefing_that_fails_in_one_year
):
    """Warm kernels keep modules, not state: 2021 (en) rendered right after 2019 in the same kernel is, byte for byte,
    the page the batch rendered on its own (table ids from their content, charts without dates, names placed in a
    fixed number of steps)."""
    result = pipeline.reports(
        years=[2019, 2021],
        focus=["Hà Nam"],
        langs=["en"],
        formats=["html"],
        workers=1,
        folders=Folders(raw=raw_dir, processed=processed_dir, reports=tmp_path),
        notebook=briefing_that_fails_in_one_year,
        refresh_data=False,
    )
    assert [o.year for o in result.rendered if o.ok] == [2019, 2021]
    again = report_paths(tmp_path, 2021, "en")["html"].read_bytes()
    assert again == report_paths(rendered, 2021, "en")["html"].read_bytes()


def test_console_shows_progress_and_no_kernel_chatter(tmp_path, source_dir, raw_dir, processed_dir):
    """The command a user runs: the data and model steps are current (the session built them through the pipeline)
    and say so; the one briefing renders with a progress bar and nothing from the kernels."""
    command = [
        sys.executable,
        "-m",
        "analysis",
        "--source",
        str(source_dir),
        "--raw-dir",
        str(raw_dir),
        "--processed-dir",
        str(processed_dir),
        "--reports-dir",
        str(tmp_path),
        "reports",
        "--years",
        "2021",
        "--lang",
        "en",
        "--formats",
        "html",
        "--workers",
        "1",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    console = done.stdout + done.stderr
    assert "data: unchanged since the last build, skipped" in console
    assert "models: unchanged since the last build, skipped" in console
    assert "briefings: 100%" in console and "1/1" in console
    for chatter in ("Kernel is running over TCP", "KeyboardInterrupt", "IPKernelApp"):
        assert chatter not in console
    assert report_paths(tmp_path, 2021, "en")["html"].is_file()
    assert report_paths(tmp_path, 2021, "en")["log"].is_file()


def test_executed_notebook_shows_markdown_tables_and_svg_charts_only(rendered):
    """Jupyter-native: narrative as Markdown, tables as pandas Stylers, charts as SVG; no HTML built in Python."""
    notebook = nbformat.read(report_paths(rendered, 2021, "vi")["ipynb"], as_version=4)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    kinds = [set(o.get("data", {})) - {"text/plain"} for o in outputs]
    assert all(len(kind) == 1 for kind in kinds), kinds
    charts = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert all(o["data"]["text/plain"] == f"Chart: {o['metadata']['image/svg+xml']['title']}" for o in charts), (
        "a chart's plain-text form is its title, not its SVG a second time"
    )
    assert sum(kind == {"image/svg+xml"} for kind in kinds) >= 5
    assert sum(kind == {"text/markdown"} for kind in kinds) >= 10
    for output in outputs:
        if "text/html" in output.get("data", {}):
            table = output["data"]["text/html"]
            assert re.match(r'<style type="text/css">.*</style>\s*<table id="T_', table, flags=re.S), table[:200]
    pairs = [c for c in notebook.cells if "pair" in c.metadata.get("tags", [])]
    assert pairs and all(
        len([o for o in c.outputs if "text/markdown" not in o.get("data", {})]) in (0, 2) for c in pairs
    ), "a pair cell shows two tables or charts side by side"


def test_the_page_is_nbconverts_own_without_its_reparse(rendered):
    """The briefing's exporter leaves out nbconvert's last pass (a BeautifulSoup parse that gives images without alt
    text a placeholder and every output a tabindex): against nbconvert's own exporter on the same executed notebook,
    the same page once that pass's tabindex attributes are taken away, and no image lacks its alt text."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from analysis.report.render import _exporter, notebook_to_html

    notebook = nbformat.read(report_paths(rendered, 2021, "vi")["ipynb"], as_version=4)
    ours = _exporter("vi")
    theirs = HTMLExporter(
        config=ours.config,
        template_name="briefing",
        extra_template_basedirs=ours.extra_template_basedirs,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        language_code="vi",
    )
    theirs.register_preprocessor(TagRemovePreprocessor(config=ours.config), enabled=True)
    for for_print in (False, True):
        resources = {"metadata": {"name": "Bản tin"}, "charts_as_images": for_print}
        page = notebook_to_html(notebook, "Bản tin", "vi", for_print=for_print)
        reference = BeautifulSoup(theirs.from_notebook_node(notebook, resources=resources)[0], "html.parser")
        for element in reference.select("[tabindex]"):
            del element["tabindex"]
        assert str(BeautifulSoup(page, "html.parser")) == str(reference)
        assert not BeautifulSoup(page, "html.parser").select("img:not([alt])")


def _nfc(text):
    return unicodedata.normalize("NFC", text)


def test_html_has_no_code_and_vector_charts_with_titles_in_one_language(rendered):
    page = (rendered / "2021" / "briefing_2021_vi.html").read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(page)
    assert not {"jp-InputArea", "input_area", "jp-InputPrompt"} & set(parser.classes)
    assert "import " not in re.sub(r"<style.*?</style>", "", page, flags=re.S)
    assert not parser.scripts and "<script" not in page, "the page must open offline and carry no script"
    assert '<html lang="vi">' in page
    charts = _charts(page)
    assert len(charts) >= 5 and not parser.images, "every chart is inline SVG"
    english = ("Province", "Focus province", "Least-squares line", "Even spread", "Indicator", "Median", "Score")
    for svg in charts:
        title = re.match(r"<svg[^>]*>\s*<title>(.*?)</title>", svg, flags=re.S)
        assert title and title.group(1).strip(), "every chart is named by its title"
        words = _svg_words(svg)
        assert words.strip(), "the chart's words are kept as text"
        assert not [w for w in english if w in words], (title.group(1), words[:300])
    text = _nfc(page)
    for fact in (
        "Hà Nam",
        "81,51",
        "60/63",
        "giảm 17 bậc",
        "88,38",
        "19/63",
        "giảm 1 bậc",
        "43,29",
        "/60",
        "Quảng Ninh",
        "Mục lục",
        "CC BY-SA 4.0",
    ):
        assert fact in text, fact


def test_pdf_text_has_vietnamese_diacritics_and_page_numbers(rendered):
    reader = PdfReader(rendered / "2021" / "briefing_2021_vi.pdf")
    assert len(reader.pages) > 3
    text = _nfc("\n".join(page.extract_text() for page in reader.pages))
    for fact in ("Hà Nam", "Quảng Ninh", "Thừa Thiên Huế", "81,51", "88,38"):
        assert fact in text, fact
    assert "81.51" not in text and "88.38" not in text, "Vietnamese numbers take a decimal comma"
    assert f"1 / {len(reader.pages)}" in text
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_the_focus_province_comes_first_written_the_vietnamese_way(rendered):
    page = _nfc((rendered / "2021" / "briefing_2021_vi.html").read_text(encoding="utf-8"))
    summary, national = page.index("Hà Nam năm 2021: kết quả và việc cần làm"), page.index('id="national"')
    assert summary < national
    first = re.sub(r"<[^>]+>", " ", page[summary:national])
    for fact in ("81,51", "60/63", "88,38", "19/63", "hạng 60/63, giảm 17 bậc so với năm 2020", "Bắc Ninh"):
        assert fact in first, fact
    assert "81.51" not in first
    reader = PdfReader(rendered / "2021" / "briefing_2021_vi.pdf")
    page_one = _nfc(reader.pages[0].extract_text())
    assert "Hà Nam" in page_one and "81,51" in page_one


def test_english_report_comes_from_the_same_notebook(rendered):
    page = _nfc((rendered / "2021" / "briefing_2021_en.html").read_text(encoding="utf-8"))
    assert "Hà Nam 2021: results and where to act" in page and "down 17" in page and "Contents" in page
    assert '<html lang="en">' in page and "kết quả và việc cần làm" not in page
    assert "Red River Delta" in page and "Đồng bằng sông Hồng" not in page


def test_map_provinces_carry_their_name_and_score_as_a_tooltip(rendered, panel):
    page = _nfc((rendered / "2021" / "briefing_2021_vi.html").read_text(encoding="utf-8"))
    the_map = next(svg for svg in _charts(page) if 'id="province-' in svg)
    tooltips = dict(re.findall(r'<g id="province-(\d+)">\s*<title>(.*?)</title>', the_map))
    assert len(tooltips) == 63
    papi = panel[(panel["index"] == "papi") & (panel["level"] == "total") & (panel["year"] == 2021)]
    for row in papi.itertuples():
        expected = "—" if pd.isna(row.score) else f"{row.score:.2f}".replace(".", ",")
        assert tooltips[row.province_code] == f"{row.province_name}: PAPI {expected}", row.province_name
    words = _nfc(_svg_words(the_map))
    for label in ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa", "Hà Nam"):
        assert label in words, f"the briefing's map names {label}"


def test_run_record_and_index(rendered):
    run = json.loads((rendered / "2021" / "run.json").read_text(encoding="utf-8"))
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=config.PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert re.fullmatch(r"[0-9a-f]{40}(\+dirty)?", run["git_commit"]), run["git_commit"]
    assert run["git_commit"].startswith(head.stdout.strip())
    assert run["packages"]["papermill"] and run["started"] <= run["finished"]
    assert run["data_manifest_sha256"]["papi/papi_subdimensions_2021.csv"]
    assert {p["lang"] for p in run["parameters"]} == {"vi", "en"}
    assert (rendered / "2021" / "briefing_2021_vi.ipynb").is_file()
    index = (rendered / "index.html").read_text(encoding="utf-8")
    assert 'href="2021/briefing_2021_vi.pdf"' in index and "PAPI: 60" in index


def _words(text: str) -> str:
    return " ".join(_nfc(html.unescape(re.sub(r"<[^>]+>", " ", text))).split())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pdf_keeps_every_table_caption_with_its_table_and_fits_ten_pages(rendered, lang):
    """Per-page text: each table's caption and its header row start on the same page, in that order."""
    page = (rendered / "2021" / f"briefing_2021_{lang}.html").read_text(encoding="utf-8")
    tables = re.findall(r"<table[^>]*>\s*<caption[^>]*>(.*?)</caption>(.*?)</thead>", page, flags=re.S)
    assert len(tables) >= 10
    reader = PdfReader(rendered / "2021" / f"briefing_2021_{lang}.pdf")
    assert len(reader.pages) <= 10
    pages = [" ".join(_nfc(p.extract_text()).split()) for p in reader.pages]
    for caption, head in tables:
        key = " ".join(_words(caption).split()[:4])
        header = next(w for w in (_words(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, flags=re.S)) if w)
        number = next(i for i, text in enumerate(pages) if key in text)
        after = pages[number][pages[number].index(key) :]
        assert header.split()[0] in after, f"'{key}' ends page {number + 1}; its table starts on the next"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Test-only instrumentation, added to a copy of the page: the rendered size of every chart and the in-page links
# that lead nowhere, written into the DOM that --dump-dom prints. The briefing itself carries no script.
PROBE = """<script>window.addEventListener("load", () => {
  const charts = [...document.querySelectorAll("figure.chart svg")].map(s => [s.querySelector("title").textContent,
                  s.getBoundingClientRect().width, s.getBoundingClientRect().height]);
  const broken = [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute("href").slice(1))
                 .filter(id => !document.getElementById(id) && !document.getElementById(decodeURIComponent(id)));
  document.body.setAttribute("data-probe", JSON.stringify({charts, broken}));
});</script>"""


def _chromium(url: str, width: int, *flags: str) -> subprocess.CompletedProcess:
    """The DOM of `url` after it loaded in headless Chromium `width` px wide (at least 500: Chromium's minimum)."""
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=10000",
            *flags,
            f"--window-size={max(width, 500)},2000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def _in_chromium(page: Path, tmp_path: Path) -> tuple[dict, list[str]]:
    """(what the probe saw, the console lines the page itself produced) in headless Chromium."""
    probed = tmp_path / page.name
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = _chromium(probed.as_uri(), 1200, "--enable-logging=stderr", "--v=0")
    found = re.search(r'data-probe="([^"]*)"', result.stdout)
    assert found, "the page did not finish loading"
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return json.loads(html.unescape(found.group(1))), console


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_briefing_and_index_in_a_real_browser(rendered, tmp_path):
    seen, console = _in_chromium(rendered / "2021" / "briefing_2021_vi.html", tmp_path)
    assert len(seen["charts"]) >= 5
    for title, width, height in seen["charts"]:
        assert width > 100 and height > 100, f"chart '{title}' is not drawn"
    assert not seen["broken"], f"contents links without a target: {seen['broken']}"
    assert not console, console
    index = rendered / "index.html"
    seen, console = _in_chromium(index, tmp_path)
    assert not console, console
    for target in re.findall(r'href="([^"#]+)"', index.read_text(encoding="utf-8")):
        assert (rendered / target).is_file(), f"index links to a missing {target}"


# A copy of the page opened in an iframe of the phone's or the desktop's width (headless Chromium will not make its
# window narrower than 500 px); the probe reports the frame's width, how wide the page scrolls, any element outside
# the frame that is not inside a table or chart (those scroll or shrink inside their own box), the leftmost
# paragraph, and the left edge of each side of the `pair` cells.
FRAME_PROBE = """<script>window.addEventListener("load", () => {
  const outside = [...document.querySelectorAll("body *")].filter(e => { const r = e.getBoundingClientRect();
      return r.width > 0 && r.right > window.innerWidth + 1 && !e.closest("table, figure.chart"); })
      .map(e => e.tagName + "." + e.className).slice(0, 10);
  const lefts = [...document.querySelectorAll(".jp-RenderedMarkdown p")].map(p => p.getBoundingClientRect().left);
  const pairs = [...document.querySelectorAll(".celltag_pair .jp-OutputArea-child")]
      .map(c => Math.round(c.getBoundingClientRect().left));
  const tables = [...document.querySelectorAll("table.briefing-table")]
      .map(t => [t.getBoundingClientRect().right, t.scrollWidth > t.clientWidth]);
  parent.document.body.setAttribute("data-probe", JSON.stringify({width: window.innerWidth,
      scroll: document.documentElement.scrollWidth, outside, left: Math.min(...lefts), pairs, tables}));
});</script>"""


def _in_frame(page: Path, tmp_path: Path, width: int) -> dict:
    probed = tmp_path / page.name
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", FRAME_PROBE + "</body>"), encoding="utf-8")
    host = tmp_path / "host.html"
    host.write_text(
        f'<html><body style="margin:0"><iframe src="{probed.name}" style="border:0;width:{width}px;height:2000px">'
        "</iframe></body></html>",
        encoding="utf-8",
    )
    # the two flags let the probe in the frame write into the host page (both file://)
    result = _chromium(host.as_uri(), width, "--allow-file-access-from-files", "--disable-web-security")
    found = re.search(r'data-probe="([^"]*)"', result.stdout)
    assert found, "the page did not finish loading"
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_fits_a_phone_and_a_desktop_screen(rendered, tmp_path, width):
    seen = _in_frame(rendered / "2021" / "briefing_2021_vi.html", tmp_path, width)
    assert seen["width"] == width
    assert seen["scroll"] <= width, "the page itself never scrolls sideways"
    assert not seen["outside"], f"outside the screen: {seen['outside']}"
    assert seen["left"] >= 8, "text keeps a side margin"
    wide = [right for right, scrolls in seen["tables"] if right > width]
    assert not wide, "a table wider than the screen scrolls inside its own box"
    if width == 390:
        assert len(set(seen["pairs"])) == 1, "on a phone the side-by-side charts and tables stack in one column"
    else:
        assert len(set(seen["pairs"])) > 1, "on a desktop they sit side by side"
