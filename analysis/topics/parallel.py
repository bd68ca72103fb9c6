"""Running many fits in parallel: local processes or a Dask cluster, with a progress bar.

The sweep's fits are independent, so they run across processes (joblib's loky
backend) or, given a scheduler address, on a Dask distributed cluster through
joblib's Dask backend. Each fit runs with ``n_jobs=1`` and one BLAS thread, so
its result never depends on where it ran: the tables are byte-identical for
one worker, two, or a cluster. The data every fit reads (the count matrix and
the resamples' rows) are sent once: scattered to the cluster's workers, or for
local processes pickled once per batch of tasks (joblib memory-maps large
arrays to the workers instead of copying them).

A progress bar (``tqdm.auto``: a widget in JupyterLab, a text bar in a
terminal) is shown when someone is watching, and never in a notebook run by
the build or nbval, nor in a command ``make`` runs, nor in a test, so stored
outputs do not change (:func:`show_progress`).
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

#: The environment variable naming a Dask scheduler (``tcp://host:8786``) for the sweep.
SCHEDULER_VARIABLE = "DASK_SCHEDULER"


def scheduler_address(given: str | None = None) -> str | None:
    """The Dask scheduler to use: ``given``, else :data:`SCHEDULER_VARIABLE`, else None.

    Parameters
    ----------
    given : str, optional
        An address from the command line.

    Returns
    -------
    str or None
        None (or an empty variable) runs the fits in local processes.
    """
    address = given if given is not None else os.environ.get(SCHEDULER_VARIABLE, "")
    return address.strip() or None


def _in_kernel() -> bool:
    shell = sys.modules.get("IPython")
    ipython = shell.get_ipython() if shell is not None else None
    return ipython is not None and "IPKernelApp" in getattr(ipython, "config", {})


def _in_jupyter_server_kernel() -> bool:
    """A kernel that JupyterLab (jupyter_server) started for a notebook a person has open.

    jupyter_server gives such kernels ``JPY_SESSION_NAME`` (the notebook's path);
    kernels started by nbclient (the build) or nbval do not have it.
    """
    return _in_kernel() and bool(os.environ.get("JPY_SESSION_NAME"))


def show_progress(progress: bool | None = None) -> bool:
    """Whether to draw a progress bar.

    Parameters
    ----------
    progress : bool, optional
        True or False decides; None (the default) shows the bar in a notebook
        open in JupyterLab (also when ``make lab`` started it), and in a
        terminal when ``make`` is not running the command; never in a kernel
        started by the build (nbclient) or by nbval, nor when stderr is
        redirected.

    Returns
    -------
    bool
    """
    if progress is not None:
        return progress
    if _in_kernel():
        return _in_jupyter_server_kernel()
    if os.environ.get("MAKELEVEL"):
        return False
    return sys.stderr is not None and sys.stderr.isatty()


def progress_bar(total: int, desc: str, enabled: bool):
    """A ``tqdm.auto`` bar, or a silent stand-in when ``enabled`` is False.

    Without ipywidgets, ``tqdm.auto`` warns and falls back to a text bar; the
    warning is silenced (the text bar works in JupyterLab too).
    """
    if not enabled:
        return _Silent()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm
    return tqdm(total=total, desc=desc, unit="fit")


class _Silent:
    def update(self, n: int = 1) -> None:
        """Nothing to draw."""

    def close(self) -> None:
        """Nothing to close."""


@contextmanager
def fit_runner(workers: int = 1, scheduler: str | None = None
               ) -> Iterator[Callable[[Callable, object, Sequence, object], list]]:
    """A function that runs ``func(data, spec)`` for every spec and returns the results in order.

    Parameters
    ----------
    workers : int, default 1
        Local processes (1 runs in this process); ignored with a scheduler.
    scheduler : str, optional
        A Dask scheduler address: the fits run on that cluster (needs the
        ``cluster`` extra: ``dask`` and ``distributed``).

    Yields
    ------
    callable
        ``run(func, data, specs, bar)``: a list of ``func(data, spec)`` in the
        order of ``specs``, ``bar.update()`` called as each finishes.
    """
    from joblib import Parallel, delayed, parallel_config

    def run(func, data, specs, bar):
        jobs = (delayed(func)(data, spec) for spec in specs)
        results = []
        for result in Parallel(n_jobs=n_jobs, return_as="generator")(jobs):
            results.append(result)
            bar.update()
        return results

    if scheduler is None:
        n_jobs = workers
        with parallel_config(backend="loky"):
            yield run
        return

    from distributed import Client

    n_jobs = -1
    def run_scattered(func, data, specs, bar):
        # The data go to the cluster once; the tasks carry a reference to them.
        with parallel_config(backend="dask", scatter=[data], wait_for_workers_timeout=60):
            return run(func, data, specs, bar)

    with Client(scheduler):
        yield run_scattered
