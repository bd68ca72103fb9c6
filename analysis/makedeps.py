"""Write make rules saying which ``analysis`` modules each notebook depends on.

Usage: ``python -m analysis.makedeps notebooks/*.ipynb > build/deps.mk``

It reads the notebooks' ``import`` statements and follows imports between
the package's modules, so changing one module reruns only the notebooks
that use it. Standard library only: it runs before the environment exists.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
#: Files the package reads at run time, by the module that reads them.
DATA_FILES = {"figures": ["analysis/study.mplstyle"]}
#: Cached tables built by running a module (``python -m analysis.NAME``), by target.
MODULE_TARGETS = {"data/processed/topic_sweep.csv": "topics"}


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


def lexicon_files(module: str) -> list[str]:
    """Lexicon CSVs in ``data/lexicons`` that a module names in a string literal."""
    source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    names = set(re.findall(r"[\"']([\w.-]+\.csv)[\"']", source))
    return sorted(f"data/lexicons/{n}" for n in names if (ROOT / "data/lexicons" / n).exists())


def module_files(modules: set[str]) -> list[str]:
    """The package files behind ``modules`` and everything they import, with their data."""
    names = sorted(closure(modules))
    files = ["analysis/__init__.py"] + [f"analysis/{m}.py" for m in names]
    files += [f for m in names for f in DATA_FILES.get(m, [])]
    return files + sorted({f for m in names for f in lexicon_files(m)})


def rules(notebooks: list[Path], stamp_dir: str = "build") -> str:
    """Make rules: each notebook's run stamp, and each cached table, on the modules they use."""
    out = []
    for nb in sorted(notebooks):
        files = module_files(imported_modules(notebook_source(nb)))
        out.append(f"{stamp_dir}/{nb.stem}.run: {' '.join(files)}")
    for target, module in MODULE_TARGETS.items():
        if (PACKAGE / f"{module}.py").exists():
            out.append(f"{target}: {' '.join(module_files({module}))}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(rules([Path(p) for p in sys.argv[1:]]))
