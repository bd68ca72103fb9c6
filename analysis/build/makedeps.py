"""Write make rules saying which files each notebook, cached table and the appendix depend on.

Usage: ``python -m analysis.build.makedeps notebooks/*.ipynb > build/deps.mk``

It reads the notebooks' ``import`` statements and follows imports between the
package's modules (sub-packages included), so changing one module reruns only
the notebooks that use it. Files read at run time count too: the figure style
sheet, the study configuration ``study.toml`` and every lexicon it names (for
notebooks that build the study), and the caption files (for the appendix).
The cached tables of :mod:`analysis.build.targets` get a rule of their own,
with the command that builds them, and the notebooks that read them depend on
them. Standard library only: it runs before the environment exists.
"""

from __future__ import annotations

import ast
import json
import sys
import tomllib
from pathlib import Path

from analysis.build import targets

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
STUDY_CONFIG = ROOT / "study.toml"
#: Files a module reads at run time (besides the study configuration), by module.
DATA_FILES = {"analysis.plots.style": ["analysis/plots/study.mplstyle"],
              "analysis.stance": ["data/lexicons/stance_markers.csv"],
              "analysis.stance_rates": ["data/lexicons/stance_norms.csv"]}
#: Modules that read the study configuration and the lexicons it names.
CONFIG_READERS = {"analysis.config"}


def module_path(name: str) -> Path | None:
    """The file of the package module ``name`` (dotted), or None if there is none."""
    parts = name.split(".")
    if parts[0] != "analysis":
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imported_modules(source: str, current: str = "analysis") -> set[str]:
    """Package modules (dotted names) imported by ``source``, absolute or relative.

    ``current`` is the importing module's package, for relative imports.
    ``from analysis.plots import heatmap`` gives ``analysis.plots.heatmap`` if
    that is a module, else ``analysis.plots``.
    """
    found: set[str] = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = current.split(".")[: len(current.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                child = f"{module}.{alias.name}"
                found.add(child if module_path(child) is not None else module)
    return {name for name in found if module_path(name) is not None}


def closure(modules: set[str]) -> set[str]:
    """``modules``, every package module they import transitively, and their parent packages."""
    seen: set[str] = set()
    todo = sorted(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = module_path(name)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        parents = [".".join(name.split(".")[:i]) for i in range(1, len(name.split(".")))]
        todo += sorted(imported_modules(path.read_text(encoding="utf-8"), package))
        todo += [p for p in parents if module_path(p) is not None]
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


def config_files(config: Path = STUDY_CONFIG) -> list[str]:
    """The study configuration and the lexicons it names, relative to the repository."""
    if not config.is_file():
        return []
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    lexicons = [(config.parent / p).resolve() for p in data.get("lexicons", {}).values()]
    files = [config, *lexicons]
    return [str(f.relative_to(ROOT)) if f.is_relative_to(ROOT) else str(f) for f in files]


def module_files(modules: set[str]) -> list[str]:
    """The package files behind ``modules`` and everything they import, with their data."""
    names = sorted(closure(modules))
    files = sorted(str(module_path(m).relative_to(ROOT)) for m in names)
    files += sorted({f for m in names for f in DATA_FILES.get(m, [])})
    if CONFIG_READERS & set(names):
        files += config_files()
    return files


def rules(notebooks: list[Path], stamp_dir: str = "build") -> str:
    """Make rules: notebook run stamps, cached tables and the appendix, on what they use."""
    out = []
    for nb in sorted(notebooks):
        files = module_files(imported_modules(notebook_source(nb)))
        out.append(f"{stamp_dir}/{nb.stem}.run: {' '.join(files)}")
    cached = []
    for table in targets.CACHED:
        target = f"data/processed/{table.name}.csv"
        cached.append(target)
        files = module_files({table.module})
        out.append(f"{target}: $(ENV) $(RAW) {' '.join(files)}")
        out.append(f"\t{' '.join(table.command('$(BIN)/python'))}")
        out.append("\ttouch $@")
        out += [f"{stamp_dir}/{nb}.run: {target}" for nb in table.notebooks]
    out.append(f"CACHED_TABLES := {' '.join(cached)}")
    captions = sorted(str(p.relative_to(ROOT)) for p in (PACKAGE / "build" / "captions")
                      .glob("*.toml"))
    appendix = module_files({"analysis.build.appendix"})
    out.append(f"APPENDIX_DEPS := {' '.join(appendix + captions)}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(rules([Path(p) for p in sys.argv[1:]]))
