"""Execute notebooks headless and store them with their outputs, byte-for-byte stable.

Usage::

    python -m analysis.build.run_notebook notebooks/01_corpus.ipynb
    python -m analysis.build.run_notebook --paper other.md --out runs/other notebooks/*.ipynb

The first form executes a notebook in place, as ``make`` does for the study.
Timing metadata is not recorded, volatile metadata (the Python patch version)
is removed, and the result is written atomically, so re-executing an unchanged
notebook rewrites the same bytes.

The second form runs the same notebooks on another Markdown paper: cells
tagged ``paper-specific`` are dropped, a note cell is inserted after the
title, the kernel gets ``STUDY_PAPER``, ``STUDY_CONFIG`` (the paper's study
configuration, if one lies beside it) and ``STUDY_OUT`` (see
:mod:`analysis.build.paths`), the cached tables of
:mod:`analysis.build.targets` are built first, and the executed notebooks,
tables and figures all go under ``--out``. The paper is parsed first, so a bad
paper is refused before anything is written.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient

from analysis.build import nbnormalise
from analysis.build.outputs import write_text
from analysis.build.targets import CACHED

KERNEL = "python3"
TIMEOUT = 1200
#: Cells tagged so in their metadata hold what only makes sense for the study's own
#: paper (a named actor, an interpretation of its numbers); a run on another paper drops them.
PAPER_SPECIFIC = "paper-specific"


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove metadata that changes between machines or runs.

    The one definition is :func:`analysis.nbnormalise.normalise`, which
    JupyterLab's saves use too, so the build and an interactive save agree.
    """
    return nbnormalise.normalise(nb)


def for_other_paper(nb: nbformat.NotebookNode, paper: Path, out: Path
                    ) -> nbformat.NotebookNode:
    """The notebook as run on another paper: cells tagged :data:`PAPER_SPECIFIC` dropped,
    and a note after the first (title) cell saying which paper it ran on."""
    nb.cells = [cell for cell in nb.cells
                if PAPER_SPECIFIC not in cell.get("metadata", {}).get("tags", [])]
    note = nbformat.v4.new_markdown_cell(
        f"**Run on another paper.** This copy was executed on `{paper.name}`, with its tables "
        f"and figures under `{out.name}/`. The numbers, tables and figures describe that paper; "
        "the interpretive sentences were written for the study's own paper and may not apply.")
    note.id = "run-note"
    nb.cells[1:1] = [note]
    return nb


def execute(path: Path | str, output: Path | str | None = None,
            nb: nbformat.NotebookNode | None = None) -> Path:
    """Execute the notebook at ``path`` in its own folder and write it to ``output``."""
    path = Path(path)
    output = Path(output) if output is not None else path
    nb = nb if nb is not None else nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        # Local IPC sockets: no TCP port, nothing for ipykernel to warn about.
        manager = KernelManager(kernel_name=KERNEL, transport="ipc", ip=f"{sockets}/ipc")
        client = NotebookClient(nb, km=manager, timeout=TIMEOUT, kernel_name=KERNEL,
                                record_timing=False,
                                resources={"metadata": {"path": str(path.parent.resolve())}})
        try:
            client.execute()
        finally:
            if manager.has_kernel:
                manager.shutdown_kernel(now=False)
    text = nbformat.writes(normalise(nb))
    write_text(output, text if text.endswith("\n") else text + "\n")
    return output


def run_on_paper(notebooks: list[Path], paper: Path, out: Path) -> list[Path]:
    """Run ``notebooks`` on another ``paper``, writing everything under ``out``.

    The paper is checked and parsed before ``out`` is created, so a missing,
    empty, binary or heading-less paper leaves nothing behind.
    """
    from analysis.config import load_config
    from analysis.paper import load_paper
    from analysis.study import find_config

    paper, out = paper.resolve(), out.resolve()
    load_paper(paper)  # raises PaperError naming the file and the problem
    config = find_config(paper)
    load_config(config)  # raises ConfigError naming the file and the problem
    os.environ["STUDY_PAPER"], os.environ["STUDY_OUT"] = str(paper), str(out)
    os.environ["STUDY_CONFIG"] = str(config) if config is not None else ""
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    written = []
    stems = {nb.stem for nb in notebooks}
    for table in CACHED:
        if stems & set(table.notebooks):
            subprocess.run(table.command(sys.executable), check=True)
    for notebook in sorted(notebooks):
        nb = for_other_paper(nbformat.read(notebook, as_version=4), paper, out)
        written.append(execute(notebook, out / "notebooks" / notebook.name, nb=nb))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", type=Path, nargs="+")
    parser.add_argument("--output", type=Path, default=None,
                        help="where to write the executed notebook (one notebook only)")
    parser.add_argument("--paper", type=Path, default=None, help="run on this Markdown paper")
    parser.add_argument("--out", type=Path, default=None, help="folder for that run's outputs")
    args = parser.parse_args(argv)
    missing = [nb for nb in args.notebooks if not nb.exists()]
    if missing:
        print(f"{missing[0]}: notebook not found", file=sys.stderr)
        return 2
    if (args.paper is None) != (args.out is None):
        parser.error("--paper and --out go together")
    if args.paper is not None:
        from analysis.config import ConfigError
        from analysis.paper import PaperError

        try:
            run_on_paper(args.notebooks, args.paper, args.out)
        except (PaperError, ConfigError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        return 0
    if args.output is not None and len(args.notebooks) > 1:
        parser.error("--output takes one notebook")
    for notebook in args.notebooks:
        execute(notebook, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
