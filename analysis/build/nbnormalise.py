"""One normalisation for stored notebooks, shared by the build and by JupyterLab.

The build (:mod:`analysis.build.run_notebook`) stores each notebook with its outputs
so that re-executing it rewrites the same bytes. JupyterLab saves notebooks
too, and on its own it writes what the build strips: it adds the kernel's
Python patch version to ``metadata.language_info`` as soon as a kernel
connects, and its autosave then writes every open notebook, so merely
opening a notebook changed the repository and made ``make`` rerun it.

:func:`normalise` is the one definition of what a stored notebook carries;
:func:`notebook_text` is the one serialisation. Both the build and
:class:`StudyContentsManager` use them, so a notebook executed by ``make`` and
the same notebook run with Restart-and-Run-All in JupyterLab and saved are
the same bytes.

What is removed or fixed, and why:

* ``metadata.language_info.version``: the kernel's Python patch version
  (``3.11.7``), which differs between machines and says nothing about results
  (the appendix records software versions from the lock file);
* ``metadata.kernelspec``: set to the project's kernel (``python3`` of the
  environment), whatever a local kernel list calls it;
* ``metadata.widgets``: widget state saved by JupyterLab when a widget manager
  is installed (random model ids on every run);
* cell ``metadata.execution`` and ``metadata.ExecuteTime``: execution timing
  recorded by nbclient, JupyterLab's *Record cell timing* setting or the
  classic ``ExecuteTime`` extension.

What is kept, because it is content: cell ids, sources, outputs, execution
counts (Restart-and-Run-All numbers cells as the build does; counts from a
partial session are a real difference that the next ``make`` replaces),
``nbformat_minor``, and cell metadata a reader sets on purpose (tags,
collapsed or hidden outputs).

JupyterLab uses this through :class:`StudyContentsManager`, which the
environment's Jupyter server configuration selects (``make env`` installs it,
so any ``jupyter lab`` started from ``.venv`` uses it). A git clean filter was
the alternative: it would make ``git status`` clean, but the file on disk
would still change and its new modification time would still make ``make``
rerun the notebook, and a filter needs configuring in every clone by hand.
"""

from __future__ import annotations

import os
from typing import Any

import nbformat

#: The kernel every notebook of the study runs on, as ipykernel describes it.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: Notebook metadata that changes between machines, runs or front ends.
VOLATILE_METADATA = ("widgets",)
#: Entries of ``metadata.language_info`` that change between machines.
VOLATILE_LANGUAGE_INFO = ("version",)
#: Cell metadata that records when and how long a cell ran.
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime")


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove metadata that changes between machines or runs, in place.

    Consecutive stream outputs of one name (two ``print`` calls whose text
    reached the front end in two messages) are merged into one, as the
    JupyterLab front end merges them: whether the kernel sent one message or
    two depends on timing, so an unmerged notebook would not be reproducible.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A version-4 notebook.

    Returns
    -------
    nbformat.NotebookNode
        The same notebook, for chaining.
    """
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for key in VOLATILE_METADATA:
        nb.metadata.pop(key, None)
    info = nb.metadata.get("language_info", {})
    for key in VOLATILE_LANGUAGE_INFO:
        info.pop(key, None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.get("outputs"):
            cell.outputs = merge_streams(cell.outputs)
    return nb


def merge_streams(outputs: list) -> list:
    """``outputs`` with each run of consecutive stream outputs of one name merged into one."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            text = output["text"] if isinstance(output["text"], str) else "".join(output["text"])
            before = previous["text"] if isinstance(previous["text"], str) \
                else "".join(previous["text"])
            previous["text"] = before + text
        else:
            merged.append(output)
    return merged


def notebook_text(nb: nbformat.NotebookNode,
                  capture_validation_error: dict[str, Any] | None = None) -> str:
    """Return the text a notebook is stored as: normalised JSON ending in one newline.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A version-4 notebook; it is normalised in place.
    capture_validation_error : dict, optional
        Passed to :func:`nbformat.writes`, which puts a validation error there
        instead of only logging it (the Jupyter server reports it to the user).

    Returns
    -------
    str
        The notebook as :func:`nbformat.writes` renders it (sorted keys, one
        space indent), with a final newline.
    """
    text = nbformat.writes(normalise(nb), capture_validation_error=capture_validation_error)
    return text if text.endswith("\n") else text + "\n"


def _contents_manager_class() -> type:
    """Build :class:`StudyContentsManager` (imports the Jupyter server only when asked)."""
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

    class StudyContentsManager(AsyncLargeFileManager):
        """The Jupyter server's default contents manager, saving notebooks as the build does.

        A notebook is normalised (:func:`normalise`) and serialised
        (:func:`notebook_text`) before it is written, and it is not written
        at all when those bytes equal the file's: the file keeps its
        modification time, so a save that changes nothing leaves ``make -q``
        true as well as ``git status`` clean. Other files, directories and
        checkpoints are handled exactly as by the default manager.
        """

        async def _save_notebook(self, os_path: str, nb: nbformat.NotebookNode,
                                 capture_validation_error: dict[str, Any] | None = None
                                 ) -> None:
            text = notebook_text(nb, capture_validation_error=capture_validation_error)
            if os.path.isfile(os_path):
                with open(os_path, "rb") as fh:
                    if fh.read() == text.encode("utf-8"):
                        self.log.debug("Notebook unchanged, not rewritten: %s", os_path)
                        return
            with self.atomic_writing(os_path, encoding="utf-8") as fh:
                fh.write(text)

    StudyContentsManager.__module__ = __name__
    StudyContentsManager.__qualname__ = "StudyContentsManager"
    return StudyContentsManager


def __getattr__(name: str) -> Any:
    """Give ``StudyContentsManager`` on first access (PEP 562).

    The build imports this module for :func:`normalise`; importing the
    Jupyter server there would only slow every notebook run down, so the
    contents manager class is created when the server (or a test) asks for it
    by its dotted name, ``analysis.build.nbnormalise.StudyContentsManager``.
    """
    if name == "StudyContentsManager":
        cls = _contents_manager_class()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
