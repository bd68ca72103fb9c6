"""Measure the study: the rerun against its floor, a no-op make, the helpers' scaling, set-up.

Usage (from the repository root, after ``make``)::

    .venv/bin/python benchmarks/run.py            # everything; writes benchmarks/results.md
    .venv/bin/python benchmarks/run.py --skip-env # without the slow environment set-up

The rerun executes every notebook from clean outputs (tables and figures go to
a temporary ``STUDY_OUT``, so the study's own files are not touched) and
compares each with its floor: a kernel started and the notebook's own
``import`` lines run, nothing else. Scaling runs each stage in a fresh process
on corpora of 1, 10 and 100 times the paper, made by resampling its paragraphs
with a fixed seed, and records wall time and the process's peak memory.
Timings are of this machine on this day; they are a record, not a test.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "benchmarks" / "results.md"
FACTORS = (1, 10, 100)
STAGES = ("tokenise", "count", "keyness", "topics")
#: The scaling run's topic sweep: a fixed slice of the real sweep, so it stays affordable.
SCALING_SWEEP = {"models": ("lda", "nmf"), "ks": (6,), "seeds": (0, 1)}
SEED = 0


def timed(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


# -- The rerun ------------------------------------------------------------------


def floor_notebook(notebook: Path, target: Path) -> Path:
    """A copy of ``notebook`` holding only its import lines (the floor of its cost)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    imports = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            tree = ast.parse(cell.source)
            imports += [ast.get_source_segment(cell.source, node) for node in tree.body
                        if isinstance(node, ast.Import | ast.ImportFrom)]
    nb.cells = [nbformat.v4.new_code_cell("\n".join(imports))]
    nbformat.write(nb, target)
    return target


def rerun() -> list[dict]:
    """Per notebook: seconds to execute from clean outputs, and its floor."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp) / "out"
        env = {**os.environ, "STUDY_OUT": str(out), "PYTHONHASHSEED": "0",
               "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        rows.append({"step": "topic sweep (cached make target)", "seconds": timed(
            [PYTHON, "-m", "analysis.topics.sweep", "--workers", "2"], env), "floor": None})
        for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
            run = timed([PYTHON, "-m", "analysis.build.run_notebook", str(notebook), "--output",
                         str(Path(tmp) / notebook.name)], env)
            floor_nb = floor_notebook(notebook, notebook.with_name(f".floor-{notebook.name}"))
            try:
                floor = timed([PYTHON, "-m", "analysis.build.run_notebook", str(floor_nb),
                               "--output", str(Path(tmp) / f"floor-{notebook.name}")], env)
            finally:
                floor_nb.unlink()
            rows.append({"step": notebook.name, "seconds": run, "floor": floor})
    return rows


def noop_make(repeats: int = 5) -> float:
    """Median seconds of ``make`` when nothing has changed."""
    subprocess.run(["make"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return statistics.median(timed(["make"]) for _ in range(repeats))


def environment_setup() -> float:
    """Seconds to create the environment from the lock file with an empty pip cache."""
    with tempfile.TemporaryDirectory(prefix="bench-env-") as tmp:
        env = {**os.environ, "PIP_CONFIG_FILE": "/dev/null", "PIP_NO_CACHE_DIR": "1"}
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", f"{tmp}/venv"], check=True)
        subprocess.run([f"{tmp}/venv/bin/python", "-m", "pip", "install", "--quiet",
                        "--require-hashes", "--no-deps", "-r", str(ROOT / "requirements.lock")],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start


# -- Scaling -------------------------------------------------------------------------


def scaled_paper(factor: int, seed: int = SEED):
    """A paper ``factor`` times the study's: its sections repeated, their paragraphs resampled.

    Copy ``k`` of the paper keeps every heading (so headings repeat, as in a long
    report) with section ids ``S01-k``..., and draws as many paragraphs as the
    paper has, with replacement (seed ``seed``), each under its own section's
    copy. At 100 times the paper that is 1,700 sections and about 550,000 tokens.

    Returns
    -------
    sections, paragraphs : DataFrame
        Shaped like :attr:`analysis.paper.Paper.sections` and ``.paragraphs``.
    """
    import numpy as np
    import pandas as pd

    from analysis.study import load_study

    paper = load_study().paper
    rng = np.random.default_rng(seed)
    sections, paragraphs = [], []
    n_sections = len(paper.sections)
    for k in range(factor):
        copy = paper.sections.assign(
            section_id=paper.sections["section_id"] + f"-{k}",
            parent_id=paper.sections["parent_id"].map(lambda p, k=k: f"{p}-{k}" if p else p),
            order=paper.sections["order"] + k * n_sections)
        sections.append(copy)
        index = np.sort(rng.choice(len(paper.paragraphs), size=len(paper.paragraphs)))
        drawn = paper.paragraphs.iloc[index].assign(
            section_id=lambda d, k=k: d["section_id"] + f"-{k}")
        paragraphs.append(drawn)
    sections = pd.concat(sections, ignore_index=True)
    paragraphs = pd.concat(paragraphs, ignore_index=True)
    paragraphs["paragraph_id"] = [f"P{i:06d}" for i in range(len(paragraphs))]
    paragraphs["order"] = np.arange(1, len(paragraphs) + 1)
    return sections, paragraphs


def count_stage(table, sections, expressions, config) -> dict:
    """What notebook 02 computes from the tokens table; returns the shared tables."""
    from analysis import frequency

    units = frequency.running_units(table)
    labels = frequency.section_labels(sections, config.lexicon("section_labels"))
    sizes = frequency.section_sizes(table, sections, labels)
    term_labels = frequency.term_labels(units, expressions)
    counts = frequency.term_counts(units, sizes)
    terms = frequency.paper_terms(counts, sizes, term_labels)
    frequency.dispersion(counts, sizes, term_labels)
    frequency.tfidf_by_section(units, sizes, term_labels, top_n=10)
    frequency.top_terms_by_section(counts, sizes, term_labels)
    frequency.occurrences(units, frequency.xray_terms(terms, config.term_list("xray")),
                          term_labels)
    return {"units": units, "sizes": sizes, "labels": term_labels, "counts": counts,
            "terms": terms}


def keyness_stage(table, shared, config) -> None:
    """What notebook 03 computes from the tokens table and the shared tables."""
    from analysis import context, english, keyness

    keyness.section_keyness(shared["counts"], shared["sizes"], shared["labels"], shared["units"])
    english.reference_keyness(table)
    central = context.key_terms(shared["terms"], config.term_list("central"))
    context.collocations(shared["units"], central, shared["labels"])
    context.ngrams(table)
    context.concordance(shared["units"], central, shared["paragraphs"])


def run_stage(stage: str, factor: int) -> dict:
    """Run one stage on a scaled paper in this process; return time, memory and size."""
    from analysis import tokens
    from analysis.study import load_study
    from analysis.topics.corpus import topic_corpus
    from analysis.topics.sweep import sweep

    study = load_study()
    sections, paragraphs = scaled_paper(factor)
    expressions, config = study.expressions, study.config
    table = tokens.tokens_table(paragraphs, expressions) if stage != "tokenise" else None
    shared = count_stage(table, sections, expressions, config) if stage == "keyness" else None
    start = time.perf_counter()
    if stage == "tokenise":
        table = tokens.tokens_table(paragraphs, expressions)
    elif stage == "count":
        count_stage(table, sections, expressions, config)
    elif stage == "keyness":
        keyness_stage(table, shared, config)
    elif stage == "topics":
        prepared = topic_corpus(tokens.units_table(table), paragraphs)
        sweep(prepared, workers=1, progress=False, **SCALING_SWEEP)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"stage": stage, "factor": factor, "tokens": len(table),
            "sections": len(sections), "seconds": seconds, "peak_mb": peak_kb / 1024}


def scaling(factors=FACTORS, stages=STAGES) -> list[dict]:
    rows = []
    for stage in stages:
        for factor in factors:
            result = subprocess.run([PYTHON, __file__, "--stage", stage, "--factor", str(factor)],
                                    cwd=ROOT, check=True, capture_output=True, text=True,
                                    env={**os.environ, "OMP_NUM_THREADS": "1",
                                         "OPENBLAS_NUM_THREADS": "1"})
            rows.append(json.loads(result.stdout.strip().splitlines()[-1]))
            print(rows[-1], file=sys.stderr)
    return rows


# -- Report ---------------------------------------------------------------------------


def report(rerun_rows, noop, scaling_rows, setup) -> str:
    total = sum(r["seconds"] for r in rerun_rows)
    floor = sum(r["floor"] for r in rerun_rows if r["floor"] is not None)
    notebooks = sum(r["seconds"] for r in rerun_rows if r["floor"] is not None)
    lines = [
        "# Benchmark results", "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.machine()}. Produced by `benchmarks/run.py`.", "",
        "## Rerun from clean outputs", "",
        "| step | seconds | floor (kernel + imports) | ratio |", "| --- | ---: | ---: | ---: |"]
    for r in rerun_rows:
        ratio = f"{r['seconds'] / r['floor']:.2f}" if r["floor"] else ""
        floor_s = f"{r['floor']:.1f}" if r["floor"] else ""
        lines.append(f"| {r['step']} | {r['seconds']:.1f} | {floor_s} | {ratio} |")
    lines += [f"| **notebooks** | **{notebooks:.1f}** | **{floor:.1f}** | "
              f"**{notebooks / floor:.2f}** |",
              f"| **whole rerun incl. sweep** | **{total:.1f}** | **{floor:.1f}** | "
              f"**{total / floor:.2f}** |", "",
              f"No-op `make` (median of 5): {noop:.3f} s.", ""]
    if setup is not None:
        lines += [f"Environment set-up from the lock file, empty pip cache: {setup:.0f} s.", ""]
    lines += ["## Scaling (corpora resampled from the paper's paragraphs, seed 0)", "",
              f"Topic stage: a sweep slice of {SCALING_SWEEP} per corpus.", "",
              "| stage | factor | tokens | seconds | peak memory (MB) | µs per token |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in scaling_rows:
        lines.append(f"| {r['stage']} | {r['factor']} | {r['tokens']:,} | {r['seconds']:.2f} | "
                     f"{r['peak_mb']:.0f} | {1e6 * r['seconds'] / r['tokens']:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", choices=STAGES)
    parser.add_argument("--factor", type=int, default=1)
    parser.add_argument("--factors", type=int, nargs="+", default=list(FACTORS))
    parser.add_argument("--skip-env", action="store_true")
    args = parser.parse_args(argv)
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.factor)))
        return 0
    rerun_rows = rerun()
    noop = noop_make()
    scaling_rows = scaling(args.factors)
    setup = None if args.skip_env else environment_setup()
    text = report(rerun_rows, noop, scaling_rows, setup)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
