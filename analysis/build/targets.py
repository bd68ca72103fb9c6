"""Cached tables: slow computations that make builds once, before the notebooks that read them.

Each is declared here once. ``analysis.build.makedeps`` writes its make rule
(the table, the modules and study files it depends on, and the command), and
``analysis.build.run_notebook`` builds it before a run on another paper.
Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CachedTable:
    """A registered table built by running a module, read by some notebooks.

    Attributes
    ----------
    name : str
        The registered table (``<processed>/<name>.csv``).
    module : str
        The module run as ``python -m <module> <args>``.
    args : tuple of str
        Its arguments.
    notebooks : tuple of str
        The notebooks that read the table.
    """

    name: str
    module: str
    args: tuple[str, ...]
    notebooks: tuple[str, ...]

    def command(self, python: str) -> list[str]:
        """The command that builds the table with interpreter ``python``."""
        return [python, "-m", self.module, *self.args]


#: Every cached table of the study. The topic sweep holds both kinds of fit (seeds on all
#: paragraphs, and document resamples), one row per fit; its fits run in two local processes,
#: or on a Dask cluster when ``DASK_SCHEDULER`` is set (``make sweep DASK_SCHEDULER=tcp://...``:
#: make passes a command-line variable to the command's environment).
CACHED = (
    CachedTable("topic_sweep", "analysis.topics.sweep", ("--workers", "2"), ("04_topic_models",)),
)
