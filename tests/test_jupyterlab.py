"""Working in JupyterLab leaves the repository as it was.

A notebook run with Restart-and-Run-All in JupyterLab and saved must be the
bytes the build stored, and a save that changes nothing must not touch the
file, or ``make`` (which compares modification times) reruns it. These tests
save through the Jupyter server's own contents manager, configured the way a
``jupyter lab`` started from the environment configures it: the server
application loads its configuration files from the Jupyter config path, where
``make env`` links ``jupyter/jupyter_server_config.json``.

The slow test runs each notebook in a real kernel, started with that
configuration and collecting outputs message by message the way the
JupyterLab front end does, then saves the result as JupyterLab does (a
``PUT`` of the notebook model, here a call to the same ``save`` method).
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client import KernelManager
from jupyter_server.serverapp import ServerApp

from analysis.build import nbnormalise, run_notebook
from analysis.build.paths import NOTEBOOKS, ROOT

STORED = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
CONFIG = ROOT / "jupyter" / "jupyter_server_config.json"
#: A modification time long past: a file that is rewritten loses it.
PAST = 1_000_000_000
#: Seconds a cell may take in the slow test.
TIMEOUT = 600
#: What ``make`` exports for determinism; a kernel JupyterLab starts by hand has none of it.
MAKE_EXPORTS = ("PYTHONHASHSEED", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ServerApp:
    """A Jupyter server application with its configuration files loaded.

    The user's own configuration folder is replaced by an empty one, so what
    is loaded is the environment's configuration (and the machine's, if any).
    """
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "user-config"))
    app = ServerApp()
    app.load_config_file()
    app.init_event_logger()  # the contents manager reports each save to it
    return app


@pytest.fixture
def runtime_dir() -> Iterator[Path]:
    """A short temporary folder for kernel connection files and IPC sockets.

    A Unix socket path may not exceed about 100 characters, more than pytest's
    own temporary folders leave room for.
    """
    path = Path(tempfile.mkdtemp(prefix="jp-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def contents_manager(app: ServerApp, root: Path) -> Any:
    """Create the server's contents manager, as the server does, serving ``root``."""
    return app.contents_manager_class(parent=app, log=app.log, root_dir=str(root))


def copy_stored(notebook: Path, root: Path) -> Path:
    """Copy a stored notebook into ``root`` and give the copy an old modification time."""
    copied = root / notebook.name
    shutil.copyfile(notebook, copied)
    os.utime(copied, (PAST, PAST))
    return copied


def lab_model(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """The body of JupyterLab's ``PUT /api/contents/<path>`` for a notebook."""
    return {"type": "notebook", "format": "json", "content": json.loads(json.dumps(nb))}


def as_jupyterlab_shows_it(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Add what JupyterLab adds to a notebook before its autosave writes it.

    The kernel's ``language_info`` (with the Python version) as soon as a
    kernel connects, and per-cell timing when *Record cell timing* is on.
    """
    nb = copy.deepcopy(nb)
    nb.metadata.setdefault("language_info", {})["version"] = platform.python_version()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00.000000Z",
                                          "shell.execute_reply": "2024-01-01T00:00:01.000000Z"}
    return nb


def save(cm: Any, nb: nbformat.NotebookNode, name: str) -> dict[str, Any]:
    """Save ``nb`` as ``name`` through the contents manager, as the server does on a PUT."""
    return asyncio.run(cm.save(lab_model(nb), name))


def test_environment_configures_the_jupyter_server(server: ServerApp) -> None:
    installed = Path(sys.prefix, "etc", "jupyter", CONFIG.name)
    assert installed.is_file() and installed.read_bytes() == CONFIG.read_bytes(), (
        f"{installed} is not the project's {CONFIG.relative_to(ROOT)}: run `make env`")
    assert server.contents_manager_class is nbnormalise.StudyContentsManager
    assert server.config.KernelManager.transport == "ipc"


def test_build_uses_the_shared_normalisation() -> None:
    nb = as_jupyterlab_shows_it(nbformat.read(STORED[0], as_version=4))
    assert run_notebook.normalise(copy.deepcopy(nb)) == nbnormalise.normalise(nb)


@pytest.mark.parametrize("notebook", STORED, ids=lambda p: p.stem)
def test_stored_notebooks_are_normalised(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    assert nbnormalise.notebook_text(nb) == notebook.read_text(encoding="utf-8")


def test_normalise_strips_volatile_metadata_and_keeps_content() -> None:
    cell = nbformat.v4.new_code_cell("x = 1", id="kept-id", execution_count=3,
                                     metadata={"tags": ["kept"], "ExecuteTime": {"a": 1}})
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={
        "kernelspec": {"display_name": "Python 3 (study)", "language": "python", "name": "study"},
        "language_info": {"name": "python", "version": "3.11.7"},
        "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}})
    nb = nbnormalise.normalise(as_jupyterlab_shows_it(nb))
    assert nb.metadata == {"kernelspec": nbnormalise.KERNELSPEC,
                           "language_info": {"name": "python"}}
    assert nb.cells[0].metadata == {"tags": ["kept"]}
    assert (nb.cells[0].id, nb.cells[0].execution_count) == ("kept-id", 3)


@pytest.mark.parametrize("notebook", STORED, ids=lambda p: p.stem)
def test_autosave_of_an_open_notebook_changes_nothing(server: ServerApp, tmp_path: Path,
                                                      notebook: Path) -> None:
    copied = copy_stored(notebook, tmp_path)
    cm = contents_manager(server, tmp_path)
    nb = as_jupyterlab_shows_it(nbformat.read(notebook, as_version=4))
    model = save(cm, nb, copied.name)
    assert copied.read_bytes() == notebook.read_bytes()
    assert copied.stat().st_mtime == PAST, "an unchanged notebook was rewritten"
    assert model["last_modified"].timestamp() == PAST


def test_edited_notebook_is_saved_normalised(server: ServerApp, tmp_path: Path) -> None:
    copied = copy_stored(STORED[0], tmp_path)
    cm = contents_manager(server, tmp_path)
    nb = as_jupyterlab_shows_it(nbformat.read(STORED[0], as_version=4))
    nb.cells.append(nbformat.v4.new_markdown_cell("A new note.", id="new-note"))
    save(cm, nb, copied.name)
    assert copied.stat().st_mtime != PAST
    text = copied.read_text(encoding="utf-8")
    assert text == nbnormalise.notebook_text(nb)
    assert '"version": "3' not in text and '"execution": {' not in text
    assert '"A new note."' in text


def run_like_jupyterlab(nb: nbformat.NotebookNode, km: KernelManager) -> None:
    """Restart-and-Run-All as the JupyterLab front end does it, in place.

    ``language_info`` comes from the kernel's ``kernel_info`` reply, as is;
    every non-blank code cell is sent as an ``execute_request`` in order and
    its outputs are built from the IOPub messages: consecutive stream outputs
    of one name merged, ``clear_output`` (with ``wait``) and
    ``update_display_data`` applied, the execution count taken from the
    reply. Blank cells are not sent, and lose their count and outputs.
    """
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        nb.metadata["language_info"] = kc.kernel_info(reply=True)["content"]["language_info"]
        spec = km.kernel_spec
        nb.metadata["kernelspec"] = {"display_name": spec.display_name,
                                     "language": spec.language, "name": km.kernel_name}
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.outputs, cell.execution_count = [], None
            if not cell.source.strip():
                continue
            msg_id = kc.execute(cell.source, store_history=True, stop_on_error=True)
            collect_outputs(kc, msg_id, cell.outputs)
            reply = kc.get_shell_msg(timeout=TIMEOUT)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = kc.get_shell_msg(timeout=TIMEOUT)
            assert reply["content"]["status"] == "ok", f"cell failed: {cell.source[:80]!r}"
            cell.execution_count = reply["content"]["execution_count"]
    finally:
        kc.stop_channels()


def collect_outputs(kc: Any, msg_id: str, outputs: list[Any]) -> None:
    """Append the outputs of request ``msg_id`` to ``outputs`` until the kernel is idle."""
    clear_on_next = False
    displays: dict[str, list[Any]] = {}
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            return
        if kind == "clear_output":
            if content.get("wait"):
                clear_on_next = True
            else:
                outputs.clear()
            continue
        if kind == "update_display_data":
            for output in displays.get(content.get("transient", {}).get("display_id"), []):
                output.data, output.metadata = content["data"], content["metadata"]
            continue
        if kind not in ("stream", "display_data", "execute_result", "error"):
            continue
        if clear_on_next:
            outputs.clear()
            clear_on_next = False
        output = nbformat.v4.output_from_msg(msg)
        if (kind == "stream" and outputs and outputs[-1].output_type == "stream"
                and outputs[-1].name == output.name):
            outputs[-1].text += output.text
            continue
        display_id = content.get("transient", {}).get("display_id")
        if display_id:
            displays.setdefault(display_id, []).append(output)
        outputs.append(output)


@pytest.mark.slow
@pytest.mark.parametrize("notebook", STORED, ids=lambda p: p.stem)
def test_restart_run_all_and_save_leaves_the_notebook_as_built(
        server: ServerApp, runtime_dir: Path, tmp_path: Path, notebook: Path) -> None:
    # The kernel is started as the server starts one (its configuration, a
    # connection file in the runtime folder, the notebook's folder as working
    # directory) and with the environment of a JupyterLab started by hand:
    # not make's hash seed or thread settings.
    env = {k: v for k, v in os.environ.items() if k not in MAKE_EXPORTS}
    env["PYTHONHASHSEED"] = "1"
    km = KernelManager(parent=server, kernel_name="python3",
                       connection_file=str(runtime_dir / "kernel-test.json"))
    assert km.transport == "ipc"
    log = tmp_path / "kernel-stderr.txt"
    with open(log, "w") as stderr:
        km.start_kernel(cwd=str(NOTEBOOKS), env=env, stderr=stderr)
        try:
            nb = nbformat.read(notebook, as_version=4)
            run_like_jupyterlab(nb, km)
        finally:
            km.shutdown_kernel(now=False)
    assert "without encryption" not in log.read_text(), log.read_text()
    assert nb.metadata["language_info"]["version"] == platform.python_version()

    copied = copy_stored(notebook, tmp_path)
    save(contents_manager(server, tmp_path), nb, copied.name)
    assert copied.read_bytes() == notebook.read_bytes(), (
        f"{notebook.name}: JupyterLab's run and save differ from the stored notebook")
    assert copied.stat().st_mtime == PAST
