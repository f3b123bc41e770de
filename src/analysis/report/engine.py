"""A Papermill engine that keeps one warm kernel per worker process.

Starting a kernel and importing pandas, matplotlib, statsmodels and the project takes about two seconds per document,
repeated for every briefing. This engine starts the kernel once per process and, before each document, resets the
kernel's namespace (`InteractiveShell.reset(new_session=True)`): every document still runs all its cells from the
top in an empty namespace, so the same parameters give the same content; only the imported modules stay loaded.
Papermill still executes the notebook cell by cell and writes the executed notebook as usual.

After the reset, what survives it (the modules and their caches) is collected once and frozen (`gc.freeze`): a
kernel lives for many documents, and each of Python's full collections would otherwise walk the quarter of a million
objects of pandas, matplotlib and the project again; frozen, they are skipped (about 0.1 s of each document's 1.5 s).
The reset comes first, so nothing a document made is frozen: the next reset still frees it.

The kernel's client (its message channels) is kept with it. A new client waits until the kernel answers and then
until its output channel has been quiet for 0.2 s (jupyter_client's `wait_for_ready`); the kernel being known ready,
that wait is spared: twice per document before (once to empty the namespace, once in nbclient), 0.4 s of both cores'
time per document in which neither worked.
"""

from __future__ import annotations

import logging
from multiprocessing import util
from typing import Any, ClassVar

from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

NAME = "warm-kernel"
RESET = (
    "get_ipython().reset(new_session=True, aggressive=False)\n"
    "__import__('gc').collect()\n"  # imported without a name: the document's namespace stays empty
    "__import__('gc').freeze()"
)
logger = logging.getLogger("papermill")


class WarmKernelEngine(NBClientEngine):
    kernels: ClassVar[dict[tuple[str, str], tuple[KernelManager, BlockingKernelClient]]] = {}

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = 60,
        execution_timeout: int | None = None,
        **kwargs: Any,
    ) -> Any:
        kernel, client = cls._kernel(kernel_name, str(kwargs.get("cwd") or "."), start_timeout)
        kwargs = remove_args(["input_path"], **kwargs)
        options = merge_kwargs(
            remove_args(["timeout", "startup_timeout"], **kwargs),
            timeout=execution_timeout or kwargs.get("timeout"),
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        notebook_client = PapermillNotebookClient(nb_man, km=kernel, **options)
        notebook_client.kc = client  # given a client, nbclient neither starts nor waits for a new one
        return notebook_client.execute()

    @classmethod
    def _kernel(cls, kernel_name: str, cwd: str, start_timeout: int) -> tuple[KernelManager, BlockingKernelClient]:
        """This process's kernel for (kernel, folder) and its client: started on first use, the kernel's namespace
        emptied on every later one; a kernel that died (a notebook that crashed it) is replaced."""
        key = (kernel_name, cwd)
        if key in cls.kernels:
            kernel, client = cls.kernels[key]
            if kernel.is_alive():
                client.execute_interactive(RESET, timeout=start_timeout, output_hook=lambda message: None)
                return kernel, client
            client.stop_channels()
        kernel, client = _started(kernel_name, cwd, start_timeout)
        cls.kernels[key] = (kernel, client)
        util.Finalize(kernel, _stop, args=(kernel, client), exitpriority=10)
        return kernel, client


def _stop(kernel: KernelManager, client: BlockingKernelClient) -> None:
    client.stop_channels()
    kernel.shutdown_kernel(now=True)


def _started(
    kernel_name: str, cwd: str, start_timeout: int, attempts: int = 3
) -> tuple[KernelManager, BlockingKernelClient]:
    """A kernel that answered, and its client (channels open, no input asked of it): jupyter_client picks free TCP
    ports before the kernel binds them, so two workers starting kernels at the same moment can pick the same port
    and one kernel dies ('Address already in use'); such a kernel is replaced by a new one with new ports."""
    failure: RuntimeError | None = None
    for _ in range(attempts):
        kernel = KernelManager(kernel_name=kernel_name)
        kernel.start_kernel(cwd=cwd)
        client = kernel.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=start_timeout)
        except RuntimeError as exc:
            failure = exc
            _stop(kernel, client)
            continue
        client.allow_stdin = False
        return kernel, client
    raise RuntimeError(f"the kernel {kernel_name} died while starting, {attempts} times") from failure


papermill_engines.register(NAME, WarmKernelEngine)
