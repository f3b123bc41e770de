"""The warm-kernel engine: one kernel and one client serve a worker's documents one after another, each document in
an empty namespace; a kernel that died is replaced."""

from __future__ import annotations

import nbformat
import papermill
import pytest

from analysis.core import config
from analysis.report.engine import NAME, WarmKernelEngine, _stop

pytestmark = pytest.mark.slow


@pytest.fixture
def notebook(tmp_path):
    """A parameterised notebook whose second cell fails if a variable of an earlier document is still defined."""
    cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("assert 'left_by_an_earlier_document' not in dir()\nleft_by_an_earlier_document = x"),
        nbformat.v4.new_code_cell("print(x * 2)"),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": config.KERNEL_NAME, "display_name": "Python 3", "language": "python"}
    path = tmp_path / "small.ipynb"
    nbformat.write(notebook, path)
    yield path
    for kernel, client in WarmKernelEngine.kernels.values():
        _stop(kernel, client)
    WarmKernelEngine.kernels.clear()


def _run(notebook, tmp_path, x: int) -> str:
    executed = papermill.execute_notebook(
        str(notebook),
        str(tmp_path / f"out_{x}.ipynb"),
        parameters={"x": x},
        kernel_name=config.KERNEL_NAME,
        cwd=str(tmp_path),
        engine_name=NAME,
        progress_bar=False,
    )
    return "".join(output.get("text", "") for output in executed.cells[-1].outputs)


def test_one_kernel_and_one_client_serve_consecutive_documents_each_in_an_empty_namespace(notebook, tmp_path):
    assert _run(notebook, tmp_path, 1) == "2\n"
    [(kernel, client)] = WarmKernelEngine.kernels.values()
    assert _run(notebook, tmp_path, 21) == "42\n", "the second document ran from an empty namespace"
    [(kernel_again, client_again)] = WarmKernelEngine.kernels.values()
    assert kernel_again is kernel and client_again is client, "no new kernel and no new client for the second one"


def test_a_kernel_that_died_is_replaced(notebook, tmp_path):
    _run(notebook, tmp_path, 1)
    [(kernel, _)] = WarmKernelEngine.kernels.values()
    kernel.shutdown_kernel(now=True)
    assert _run(notebook, tmp_path, 5) == "10\n"
    [(replacement, _)] = WarmKernelEngine.kernels.values()
    assert replacement is not kernel and replacement.is_alive()
