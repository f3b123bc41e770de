"""A Papermill engine that keeps one warm kernel per worker process.

Starting a kernel and importing pandas, matplotlib, statsmodels and the project takes about two seconds per document,
repeated for every briefing. This engine starts the kernel once per process and, before each document, resets the
kernel's namespace (`InteractiveShell.reset(new_session=True)`): every document still runs all its cells from the
top in an empty namespace, so the same parameters give the same content; only the imported modules stay loaded.
Papermill still executes the notebook cell by cell and writes the executed notebook as usual.
"""

from __future__ import annotations

import logging
from multiprocessing import util
from typing import Any, ClassVar

from jupyter_client.manager import KernelManager
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

NAME = "warm-kernel"
RESET = "get_ipython().reset(new_session=True, aggressive=False)"
logger = logging.getLogger("papermill")


class WarmKernelEngine(NBClientEngine):
    kernels: ClassVar[dict[tuple[str, str], KernelManager]] = {}

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
        kernel = cls._kernel(kernel_name, str(kwargs.get("cwd") or "."), start_timeout)
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
        return PapermillNotebookClient(nb_man, km=kernel, **options).execute()

    @classmethod
    def _kernel(cls, kernel_name: str, cwd: str, start_timeout: int) -> KernelManager:
        """This process's kernel for (kernel, folder): started on first use, its namespace emptied on every later
        one; a kernel that died (a notebook that crashed it) is replaced."""
        key = (kernel_name, cwd)
        kernel = cls.kernels.get(key)
        if kernel is not None and kernel.is_alive():
            client = kernel.blocking_client()
            client.start_channels()
            try:
                client.wait_for_ready(timeout=start_timeout)
                client.execute_interactive(RESET, timeout=start_timeout, output_hook=lambda message: None)
            finally:
                client.stop_channels()
            return kernel
        kernel = _started(kernel_name, cwd, start_timeout)
        cls.kernels[key] = kernel
        util.Finalize(kernel, kernel.shutdown_kernel, kwargs={"now": True}, exitpriority=10)
        return kernel


def _started(kernel_name: str, cwd: str, start_timeout: int, attempts: int = 3) -> KernelManager:
    """A kernel that answered: jupyter_client picks free TCP ports before the kernel binds them, so two workers
    starting kernels at the same moment can pick the same port and one kernel dies ('Address already in use');
    such a kernel is replaced by a new one with new ports."""
    failure: RuntimeError | None = None
    for _ in range(attempts):
        kernel = KernelManager(kernel_name=kernel_name)
        kernel.start_kernel(cwd=cwd)
        client = kernel.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=start_timeout)
            return kernel
        except RuntimeError as exc:
            failure = exc
            kernel.shutdown_kernel(now=True)
        finally:
            client.stop_channels()
    raise RuntimeError(f"the kernel {kernel_name} died while starting, {attempts} times") from failure


papermill_engines.register(NAME, WarmKernelEngine)
