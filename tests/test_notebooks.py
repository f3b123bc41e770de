"""The notebooks as a researcher runs them: executed by Papermill on the session's data into a temporary folder,
with real outputs (charts as images, tables) and no errors."""

import nbformat
import papermill
import pytest

from analysis.core import config

pytestmark = pytest.mark.slow


def _execute(folder, name: str, parameters: dict):
    """Run notebooks/<name> with Papermill as a researcher would, into `folder`, and read the result back."""
    out = folder / name
    papermill.execute_notebook(
        str(config.NOTEBOOKS_DIR / name),
        str(out),
        parameters=parameters,
        kernel_name=config.KERNEL_NAME,
        cwd=str(config.NOTEBOOKS_DIR),
        progress_bar=False,
    )
    return nbformat.read(out, as_version=4)


@pytest.fixture(scope="module")
def executed_models(tmp_path_factory, processed_dir):
    parameters = {"years": "2018-2024", "processed_dir": str(processed_dir), "lang": "vi"}
    return _execute(tmp_path_factory.mktemp("notebooks"), "models.ipynb", parameters)


def _outputs(notebook):
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


def test_models_notebook_shows_its_chart_as_an_image(executed_models):
    outputs = _outputs(executed_models)
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 2, "the correlation heatmap and one model's residual diagnostics"
    plain = " ".join(o.get("data", {}).get("text/plain", "") for o in outputs if "image/png" not in o.get("data", {}))
    assert "<Figure size" not in plain


def test_models_notebook_uses_its_parameters(executed_models):
    outputs = _outputs(executed_models)
    tables = " ".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "2018-2024" in tables and "2011-" not in tables
    markdown = " ".join(o.get("data", {}).get("text/markdown", "") for o in outputs)
    assert "Lưu ý chọn mẫu" in markdown


@pytest.fixture(scope="module")
def executed_precision(tmp_path_factory, processed_dir):
    parameters = {"year": 2023, "province": "Ha Nam", "processed_dir": str(processed_dir), "lang": "en"}
    return _execute(tmp_path_factory.mktemp("notebooks"), "papi_precision.ipynb", parameters)


def test_precision_notebook_shows_the_rank_range_chart_and_the_gaps(executed_precision, processed_dir):
    outputs = _outputs(executed_precision)
    assert not [o for o in outputs if o.output_type == "error"]
    assert len([o for o in outputs if "image/png" in o.get("data", {})]) == 1
    markdown = " ".join(o.get("data", {}).get("text/markdown", "") for o in outputs)
    assert markdown.startswith("Hà Nam 2023: PAPI") and "plausibly" in markdown
    tables = " ".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "stands_out" in tables and "p_value" in tables and "HungNT1st_PAPI_2023.csv" in tables
