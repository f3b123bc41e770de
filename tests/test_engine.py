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


def test_what_survives_a_reset_is_frozen_and_what_a_document_made_is_not(tmp_path):
    """The reset, then a collection, then the freeze: 200,000 cycles a document leaves behind are freed before the
    freeze, not frozen for the kernel's lifetime."""
    cells = [
        nbformat.v4.new_code_cell("n = 0", metadata={"tags": ["parameters"]}),
        # lists that hold themselves: only a collection frees them, once the namespace lets go of them
        nbformat.v4.new_code_cell(
            "left_behind = [[] for _ in range(n)]\nfor item in left_behind:\n    item.append(item)"
        ),
        nbformat.v4.new_code_cell("print(__import__('gc').get_freeze_count())"),
    ]
    path = tmp_path / "junk.ipynb"
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": config.KERNEL_NAME, "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    frozen = []
    try:
        for n in (0, 200_000, 0):
            executed = papermill.execute_notebook(
                str(path),
                str(tmp_path / "out.ipynb"),
                parameters={"n": n},
                kernel_name=config.KERNEL_NAME,
                cwd=str(tmp_path),
                engine_name=NAME,
                progress_bar=False,
            )
            frozen.append(int(executed.cells[-1].outputs[0]["text"]))
    finally:
        for kernel, client in WarmKernelEngine.kernels.values():
            _stop(kernel, client)
        WarmKernelEngine.kernels.clear()
    assert frozen[0] == 0, "a new kernel has frozen nothing"
    assert frozen[1] > 10_000, "the kernel's modules were frozen at the reset"
    assert frozen[2] - frozen[1] < 200_000, "the lists the second document made were freed, not frozen"
