"""Execute notebooks headless and store them with their outputs, byte-for-byte stable.

Usage::

    python -m analysis.build.run_notebook notebooks/01_corpus.ipynb
    python -m analysis.build.run_notebook --paper other.md --out runs/other notebooks/*.ipynb

The first form executes a notebook in place, as ``make`` does for the study.
Timing metadata is not recorded, volatile metadata (the Python patch version)
is removed, and the result is written atomically, so re-executing an unchanged
notebook rewrites the same bytes.

The second form (``make PAPER=… OUT=…``) runs the same notebooks on another
Markdown paper: cells tagged ``paper-specific`` are dropped, a note cell is
inserted after the title, the kernel gets ``STUDY_PAPER``, ``STUDY_CONFIG``
(the paper's study configuration, :func:`analysis.study.find_config`) and
``STUDY_OUT`` (see :mod:`analysis.build.paths`), and the cached tables of
:mod:`analysis.build.targets` are built first.

**All or nothing.** The paper and its configuration are checked, and OUT is
checked (:func:`check_out`), before anything is written. The run then writes
into a temporary folder beside OUT (``.<name>.<random>.tmp``) and moves it into
place only when every notebook succeeded, with a record of what it wrote
(:data:`RECORD`, JSON: the paper, its configuration and every file, relative
to OUT). On failure the temporary folder is removed, OUT is as it was, and
the error names the notebook and the cell (:class:`RunError`).

**OUT rules.** OUT must be a new or empty folder, or one that holds only an
earlier run's files (listed in its record), which is replaced only when asked
(``--replace``, ``make … REPLACE=1``): the old run's files are then removed.
Refused: a file; a system folder (``/``, ``/usr``, ``/etc``, a top-level
folder, the home folder); the repository or a folder that holds it; a folder
inside the repository other than under ``runs/`` (which git ignores), so that
``data/processed``, ``figures`` or ``.`` can never be overwritten; a folder
holding anything else. Relative PAPER and OUT are resolved from ``--from``
(make passes the directory it was typed in; see the Makefile).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from analysis.build import nbnormalise, paths
from analysis.build.outputs import write_text
from analysis.build.targets import CACHED

KERNEL = "python3"
TIMEOUT = 1200
#: Cells tagged so in their metadata hold what only makes sense for the study's own
#: paper (a named actor, an interpretation of its numbers); a run on another paper drops them.
PAPER_SPECIFIC = "paper-specific"
#: The record a run on another paper leaves in OUT: what it ran on and every file it wrote.
RECORD = "study-run.json"
#: Folders never used as OUT, nor anything inside the ones in :data:`SYSTEM_TREES`.
SYSTEM_FOLDERS = tuple(Path(p) for p in (
    "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/media", "/mnt",
    "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var"))
SYSTEM_TREES = tuple(Path(p) for p in (
    "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/sbin", "/sys", "/usr"))


class RunError(RuntimeError):
    """A run cannot start, or failed; the message says where and why in one line.

    Attributes
    ----------
    details : str
        The full error (a cell's traceback), printed before the message.
    """

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove metadata that changes between machines or runs.

    The one definition is :func:`analysis.build.nbnormalise.normalise`, which
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
        f"and figures under `{out.name}/`. Its numbers, tables, figures and generated sentences "
        "describe that paper; cells that interpret the study's own paper are left out.")
    note.id = "run-note"
    nb.cells[1:1] = [note]
    return nb


def execute(path: Path | str, output: Path | str | None = None,
            nb: nbformat.NotebookNode | None = None) -> Path:
    """Execute the notebook at ``path`` in its own folder and write it to ``output``.

    Raises
    ------
    RunError
        If a cell fails, times out or the kernel dies: the message names the
        notebook, the cell (its number, counting from 1, and id) and the error.
    """
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
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as err:
            raise RunError(failed_cell(path, nb, err), details=str(err)) from None
        finally:
            if manager.has_kernel:
                manager.shutdown_kernel(now=False)
    text = nbformat.writes(normalise(nb))
    write_text(output, text if text.endswith("\n") else text + "\n")
    return output


def failed_cell(path: Path, nb: nbformat.NotebookNode, err: Exception) -> str:
    """Which notebook and cell failed, and how, in one line.

    The cell is numbered as in the notebook file (counting from 1, Markdown cells too),
    whatever a run on another paper inserted or dropped, and named by its id.
    """
    try:
        ids = [cell.get("id") for cell in nbformat.read(path, as_version=4).cells]
    except (OSError, ValueError):
        ids = [cell.get("id") for cell in nb.cells]
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            number = ids.index(cell.get("id")) + 1 if cell.get("id") in ids else "?"
            return (f"{path.name}: cell {number} (id {cell.get('id', '?')}) failed: "
                    f"{errors[0].get('ename')}: {errors[0].get('evalue')}")
    last = str(err).strip().splitlines()[-1:] or [type(err).__name__]
    return f"{path.name}: {type(err).__name__}: {last[0]}"


# ---------------------------------------------------------------------------
# A run on another paper


def resolve_from(path: Path | str, base: Path | str | None) -> Path:
    """A path the user typed, resolved from ``base`` (the directory it was typed in)."""
    path = Path(path).expanduser()
    if not path.is_absolute():
        base = Path(base) if base is not None and Path(base).is_dir() else Path.cwd()
        path = base / path
    return path.resolve()


def _record_files(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*")
                  if not p.is_dir() and p.name != RECORD)


def check_out(out: Path, replace: bool = False, root: Path = paths.ROOT) -> dict | None:
    """Refuse an OUT that could lose data or mix runs (see the module docstring).

    Parameters
    ----------
    out : Path
        The resolved OUT folder.
    replace : bool, default False
        Whether an earlier run in OUT may be replaced.
    root : Path, default the repository
        The repository, whose folders are never OUT (only ``runs/`` inside it).

    Returns
    -------
    dict or None
        The earlier run's record when OUT holds one (to be replaced), else None.

    Raises
    ------
    RunError
        With the reason.
    """
    home = Path.home().resolve()
    if out.exists() and not out.is_dir():
        raise RunError(f"OUT={out} is a file; OUT must be a new or empty folder")
    if out in SYSTEM_FOLDERS or out == home \
            or any(out.is_relative_to(tree) for tree in SYSTEM_TREES):
        raise RunError(f"OUT={out} is a system folder; choose a new folder, e.g. OUT=runs/name")
    if root.is_relative_to(out):
        raise RunError(f"OUT={out} is the repository or holds it; choose a new folder, e.g. "
                       "OUT=runs/name (inside the repository, runs/ is ignored by git)")
    if out.parent == Path("/"):
        raise RunError(f"OUT={out} is a top-level system folder; choose a new folder, e.g. "
                       "OUT=runs/name")
    runs = root / "runs"
    if out.is_relative_to(root) and (out == runs or not out.is_relative_to(runs)):
        where = out.relative_to(root)
        raise RunError(f"OUT={out}: inside the repository a run goes in a folder of its own "
                       f"under runs/ (ignored by git), not {where}/, which would mix with the "
                       "study's own files; e.g. OUT=runs/name")
    if not out.exists() or not any(out.iterdir()):
        return None
    record_path = out / RECORD
    if not record_path.is_file():
        raise RunError(f"OUT={out} holds files that are not an earlier run of the study (no "
                       f"{RECORD}); choose a new or empty folder")
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        listed = set(record["files"])
    except (ValueError, KeyError, TypeError):
        raise RunError(f"OUT={out}: {RECORD} cannot be read; choose a new or empty folder") \
            from None
    extra = sorted(set(_record_files(out)) - listed)
    if extra:
        shown = ", ".join(extra[:3]) + (", …" if len(extra) > 3 else "")
        raise RunError(f"OUT={out} holds files the earlier run did not write ({shown}); move "
                       "them, or choose another folder")
    if not replace:
        earlier = Path(str(record.get("paper", "?"))).name
        raise RunError(f"OUT={out} holds an earlier run (of {earlier}); add REPLACE=1 "
                       "(--replace) to replace it, or choose another folder")
    return record


def _install(staging: Path, out: Path, replacing: bool) -> None:
    """Move the finished run into place: OUT new, empty, or an earlier run that goes."""
    if replacing:
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
        os.replace(out, old / out.name)
        try:
            os.replace(staging, out)
        except OSError:
            os.replace(old / out.name, out)
            raise
        shutil.rmtree(old)
    else:
        if out.exists():
            out.rmdir()  # empty: checked
        os.replace(staging, out)


def run_on_paper(notebooks: list[Path], paper: Path, out: Path, replace: bool = False
                 ) -> list[Path]:
    """Run ``notebooks`` on another ``paper``, all or nothing, writing everything under ``out``.

    Parameters
    ----------
    notebooks : list of Path
    paper, out : Path
        Resolved paths (:func:`resolve_from`).
    replace : bool, default False
        Replace an earlier run in ``out``.

    Returns
    -------
    list of Path
        The executed notebooks, under ``out``.

    Raises
    ------
    analysis.paper.PaperError, analysis.config.ConfigError, RunError
        Before anything is written for a bad paper, configuration or OUT; after, with
        OUT as it was, for a failed notebook or cached table.
    """
    from analysis.config import load_config
    from analysis.paper import load_paper
    from analysis.study import find_config

    record = check_out(out, replace)
    load_paper(paper)  # raises PaperError naming the file and the problem
    config = find_config(paper)
    load_config(config, paper)  # raises ConfigError naming the file and the problem
    created = [p for p in [out.parent, *out.parent.parents] if not p.exists()]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    saved = {k: os.environ.get(k) for k in ("STUDY_PAPER", "STUDY_OUT", "STUDY_CONFIG")}
    os.environ.update(STUDY_PAPER=str(paper), STUDY_OUT=str(staging),
                      STUDY_CONFIG=str(config) if config is not None else "")
    try:
        stems = {nb.stem for nb in notebooks}
        for table in CACHED:
            if stems & set(table.notebooks):
                done = subprocess.run(table.command(sys.executable), capture_output=True,
                                      text=True, check=False)
                if done.returncode != 0:
                    tail = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
                    raise RunError(f"the cached table {table.name} ({table.module}) failed: "
                                   f"{tail}")
        written = []
        for notebook in sorted(notebooks):
            nb = for_other_paper(nbformat.read(notebook, as_version=4), paper, out)
            execute(notebook, staging / "notebooks" / notebook.name, nb=nb)
            written.append(out / "notebooks" / notebook.name)
        write_text(staging / RECORD, json.dumps(
            {"paper": str(paper), "config": str(config) if config is not None else None,
             "files": _record_files(staging)}, indent=1) + "\n")
        _install(staging, out, replacing=record is not None)
        return written
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in created:
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()
        raise
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", type=Path, nargs="+")
    parser.add_argument("--output", type=Path, default=None,
                        help="where to write the executed notebook (one notebook only)")
    parser.add_argument("--paper", default=None, help="run on this Markdown paper")
    parser.add_argument("--out", default=None, help="folder for that run's outputs")
    parser.add_argument("--from", dest="base", default=None,
                        help="the directory relative --paper and --out are resolved from "
                             "(default: the current directory)")
    parser.add_argument("--replace", action="store_true",
                        help="replace an earlier run in --out")
    args = parser.parse_args(argv)
    missing = [nb for nb in args.notebooks if not nb.exists()]
    if missing:
        print(f"{missing[0]}: notebook not found", file=sys.stderr)
        return 2
    if (args.paper is None) != (args.out is None) or args.paper == "" or args.out == "":
        print("error: give both a paper and an OUT folder: make PAPER=file.md OUT=dir",
              file=sys.stderr)
        return 2
    if args.paper is not None:
        from analysis.config import ConfigError
        from analysis.paper import PaperError

        try:
            run_on_paper(args.notebooks, resolve_from(args.paper, args.base),
                         resolve_from(args.out, args.base), replace=args.replace)
        except (PaperError, ConfigError, RunError) as err:
            if getattr(err, "details", ""):
                print(err.details, file=sys.stderr)
            print(f"error: {err}", file=sys.stderr)
            return 2
        return 0
    if args.output is not None and len(args.notebooks) > 1:
        parser.error("--output takes one notebook")
    for notebook in args.notebooks:
        try:
            execute(notebook, args.output)
        except RunError as err:
            print(err.details, file=sys.stderr)
            print(f"error: {err}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
