"""Write make rules saying which ``analysis`` modules each notebook depends on.

Usage: ``python -m analysis.makedeps notebooks/*.ipynb > build/deps.mk``

It reads the notebooks' ``import`` statements and follows imports between
the package's modules, so changing one module reruns only the notebooks
that use it. Standard library only: it runs before the environment exists.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
#: Files the package reads at run time, by the module that reads them.
DATA_FILES = {"figures": ["analysis/study.mplstyle"]}


def imported_modules(source: str) -> set[str]:
    """Names of ``analysis`` modules imported by ``source`` (absolute or relative)."""
    found: set[str] = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "analysis" and len(parts) > 1:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            parts = module.split(".") if module else []
            if node.level == 0 and parts[:1] != ["analysis"]:
                continue
            rest = parts[1:] if node.level == 0 else parts
            if rest:
                found.add(rest[0])
            else:
                found.update(alias.name for alias in node.names)
    return {name for name in found if (PACKAGE / f"{name}.py").exists()}


def closure(modules: set[str]) -> set[str]:
    """``modules`` and every package module they import, transitively."""
    seen: set[str] = set()
    todo = sorted(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += sorted(imported_modules((PACKAGE / f"{name}.py").read_text(encoding="utf-8")))
    return seen


def notebook_source(path: Path) -> str:
    """The code of a notebook's code cells, magics removed."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            lines += [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    return "\n".join(lines)


def rules(notebooks: list[Path], stamp_dir: str = "build") -> str:
    """One make rule per notebook: its run stamp depends on the modules it uses."""
    out = []
    for nb in sorted(notebooks):
        modules = sorted(closure(imported_modules(notebook_source(nb))))
        files = ["analysis/__init__.py"] + [f"analysis/{m}.py" for m in modules]
        files += [f for m in modules for f in DATA_FILES.get(m, [])]
        out.append(f"{stamp_dir}/{nb.stem}.run: {' '.join(files)}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(rules([Path(p) for p in sys.argv[1:]]))
