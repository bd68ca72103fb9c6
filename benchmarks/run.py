"""Measure the study: the rerun against its floor, a no-op make, the helpers' scaling, set-up.

Usage (from the repository root, after ``make``)::

    .venv/bin/python benchmarks/run.py            # everything; writes benchmarks/results.md
    .venv/bin/python benchmarks/run.py --skip-env # without the slow environment set-up
    .venv/bin/python benchmarks/run.py --scaling-only tokenise count keyness context
    .venv/bin/python benchmarks/run.py --stage count --factor 100   # one stage, one size

The rerun executes every notebook from clean outputs (tables and figures go to
a temporary ``STUDY_OUT``, so the study's own files are not touched) and
compares each with its floor: a kernel started and the notebook's own
``import`` lines run, nothing else. Scaling runs each stage in a fresh process
on papers of 1, 10 and 100 times the study's (:func:`scaled_paper`: the
sections repeated, so a 100-times paper has 1,700 sections, and the paragraphs
resampled with a fixed seed), and records wall time, microseconds per token
and the process's peak memory: tokenise; count (what notebook 02 computes);
keyness (each section against the rest, with its exact tests and correction,
and the paper against English); context (collocations, n-grams, concordances);
topics (a slice of the sweep).
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
STAGES = ("tokenise", "count", "keyness", "context", "topics")
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
    from analysis import frequency, xray
    from analysis import sections as sections_module
    from analysis.settings import XRAY_LABEL_GAP, XRAY_LABELS_MAX

    units = frequency.running_units(table)
    labels = frequency.section_labels(sections, config.lexicon("section_labels"))
    sizes = frequency.section_sizes(table, sections, labels)
    term_labels = frequency.term_labels(units, expressions)
    counts = frequency.term_counts(units, sizes)
    terms = frequency.paper_terms(counts, sizes, term_labels)
    frequency.dispersion(counts, sizes, term_labels)
    frequency.tfidf_by_section(units, sizes, term_labels, top_n=10)
    frequency.top_terms_by_section(counts, sizes, term_labels)
    occurrences = xray.occurrences(units, xray.xray_terms(terms, config.term_list("xray")),
                                   term_labels)
    xray.describe_xray(occurrences, sizes)
    sections_module.spaced_sections(sizes, XRAY_LABELS_MAX, XRAY_LABEL_GAP)
    return {"units": units, "sizes": sizes, "labels": term_labels, "counts": counts,
            "terms": terms}


def keyness_stage(table, shared) -> None:
    """What notebook 03 computes for keyness: each section against the rest, and English."""
    from analysis import english, keyness

    by_section = keyness.section_keyness(shared["counts"], shared["sizes"], shared["labels"],
                                         shared["units"])
    keyness.describe_section_keyness(by_section,
                                     keyness.section_tests(shared["counts"], shared["sizes"]))
    english.reference_keyness(table)


def context_stage(table, shared, paragraphs, config) -> None:
    """What notebook 03 computes for context: collocations, n-grams and concordances."""
    from analysis import context

    central = context.key_terms(shared["terms"], config.term_list("central"))
    context.collocations(shared["units"], central, shared["labels"])
    context.ngrams(table)
    context.concordance(shared["units"], central, paragraphs)


def run_stage(stage: str, factor: int) -> dict:
    """Run one stage on a scaled paper in this process; return time, memory and size.

    Every module is imported, and wordfreq's word list loaded, before the clock starts.
    """
    from analysis import context, english, frequency, keyness, tokens, xray  # noqa: F401
    from analysis.study import load_study
    from analysis.topics.corpus import topic_corpus
    from analysis.topics.sweep import sweep

    study = load_study()
    english.reference_floor()
    sections, paragraphs = scaled_paper(factor)
    expressions, config = study.expressions, study.config
    table = tokens.tokens_table(paragraphs, expressions) if stage != "tokenise" else None
    shared = (count_stage(table, sections, expressions, config)
              if stage in ("keyness", "context") else None)
    start = time.perf_counter()
    if stage == "tokenise":
        table = tokens.tokens_table(paragraphs, expressions)
    elif stage == "count":
        count_stage(table, sections, expressions, config)
    elif stage == "keyness":
        keyness_stage(table, shared)
    elif stage == "context":
        context_stage(table, shared, paragraphs, config)
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


def report_scaling(scaling_rows: list[dict]) -> list[str]:
    """The scaling section of the report, as Markdown lines."""
    lines = ["## Scaling (papers made of copies of the paper's sections, paragraphs resampled, "
              "seed 0)", "",
              f"Topic stage: a sweep slice of {SCALING_SWEEP} per corpus.", "",
              "| stage | factor | sections | tokens | seconds | peak memory (MB) | µs per token |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in scaling_rows:
        lines.append(f"| {r['stage']} | {r['factor']} | {r.get('sections', 0):,} | "
                     f"{r['tokens']:,} | {r['seconds']:.2f} | {r['peak_mb']:.0f} | "
                     f"{1e6 * r['seconds'] / r['tokens']:.2f} |")
    together = combined(scaling_rows, ("count", "keyness"))
    if together:
        lines += ["", "Counting and keyness together (the target is at most 2 µs per token at "
                  "100 times the paper, peak memory at most 1 GB):", ""]
        lines += [f"- {f} times: {us:.2f} µs per token, peak {mb:.0f} MB"
                  for f, us, mb in together]
    return lines


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
    lines += report_scaling(scaling_rows)
    return "\n".join(lines) + "\n"


def combined(rows: list[dict], stages: tuple[str, ...]) -> list[tuple[int, float, float]]:
    """µs per token and peak memory of ``stages`` together, per factor measured for all of them."""
    out = []
    for factor in sorted({r["factor"] for r in rows}):
        these = [r for r in rows if r["factor"] == factor and r["stage"] in stages]
        if len(these) == len(stages):
            seconds = sum(r["seconds"] for r in these)
            out.append((factor, 1e6 * seconds / these[0]["tokens"],
                        max(r["peak_mb"] for r in these)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", choices=STAGES)
    parser.add_argument("--factor", type=int, default=1)
    parser.add_argument("--factors", type=int, nargs="+", default=list(FACTORS))
    parser.add_argument("--skip-env", action="store_true")
    parser.add_argument("--scaling-only", nargs="*", choices=STAGES, metavar="STAGE",
                        help="only the scaling of these stages (all if none given); prints "
                             "the table and does not write results.md")
    args = parser.parse_args(argv)
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.factor)))
        return 0
    if args.scaling_only is not None:
        rows = scaling(args.factors, tuple(args.scaling_only) or STAGES)
        print("\n".join(report_scaling(rows)))
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
