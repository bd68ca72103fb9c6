"""Execute a notebook headless and store it with its outputs, byte-for-byte stable.

Usage: ``python -m analysis.run_notebook notebooks/01_corpus.ipynb [--output PATH]``

Timing metadata is not recorded, volatile metadata (the Python patch version)
is removed, and the result is written atomically, so re-executing an
unchanged notebook rewrites the same bytes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient

from analysis.outputs import write_text

KERNEL = "python3"
TIMEOUT = 1200


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove metadata that changes between machines or runs."""
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": KERNEL}
    info = nb.metadata.get("language_info", {})
    info.pop("version", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
    return nb


def execute(path: Path | str, output: Path | str | None = None) -> Path:
    """Execute the notebook at ``path`` in its own folder and write it to ``output``."""
    path = Path(path)
    output = Path(output) if output is not None else path
    nb = nbformat.read(path, as_version=4)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    if not args.notebook.exists():
        print(f"{args.notebook}: notebook not found", file=sys.stderr)
        return 2
    execute(args.notebook, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
