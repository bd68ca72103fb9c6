"""The numbers the README quotes, rewritten from their sources: ``python -m analysis.build.readme``.

The README is prose written by hand, but each number in it that the data or
a measurement gives sits in a generated span::

    parsed into <!--={n_sections}-->17<!--/--> sections

The comment holds a template (rendered by :func:`analysis.build.facts.render`
from the names of :func:`readme_facts`), the text after it is what the
template gave when the README was last rewritten, and a reader on GitHub sees
only that text. :func:`render` rewrites every span; ``make`` runs it after the
notebooks, and ``tests/test_readme.py`` fails when a span is stale or when a
number appears outside a span without being one of the README's constants.

Names: the quoted facts of the appendix (:mod:`analysis.build.quoted`), the
declared settings, a few build constants (figure widths and resolution, the
digits of saved floats, the notebooks), and the benchmark record parsed from
``benchmarks/results.md`` (what ``benchmarks/run.py`` last measured).
"""

from __future__ import annotations

import argparse
import ast
import math
import re
import sys
from pathlib import Path

from analysis.build import facts, paths
from analysis.build.outputs import write_text

README = paths.ROOT / "README.md"
RESULTS = paths.ROOT / "benchmarks" / "results.md"
#: A generated span: <!--={template}-->rendered text<!--/-->.
SPAN = re.compile(r"<!--=(.*?)-->(.*?)<!--/-->", flags=re.S)
#: The rerun's target: the notebooks within this factor of their floor (the benchmark issue).
RERUN_TARGET = 1.5
_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve"]


def number_word(n: int) -> str:
    """A small count in words ("six"), larger ones in digits."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


def significant(value: float, digits: int = 2) -> str:
    """``value`` to ``digits`` significant digits, without scientific notation (187.0 -> 190)."""
    if value == 0:
        return "0"
    places = digits - 1 - math.floor(math.log10(abs(value)))
    rounded = round(value, places)
    return f"{rounded:,.{max(places, 0)}f}"


def seconds(value: float) -> str:
    """A duration as the benchmark tables print it: 0.20, 13.1, 103."""
    if value < 1:
        return f"{value:.2f}"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _table(text: str, heading: str) -> list[list[str]]:
    """The rows of the first Markdown table after ``heading`` (cells stripped of bold)."""
    section = text.split(heading, 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            cells = [c.strip().strip("*").strip() for c in line.strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif rows:
            break
    return rows[1:]  # without the header


def benchmark_facts(path: Path = RESULTS) -> dict[str, object]:
    """The benchmark record of ``benchmarks/results.md`` as names for the README.

    Returns
    -------
    dict
        ``bench_*`` (the machine, set-up, sweep, notebooks against their floor,
        no-op make) and ``scale_<stage>_<factor>_{s,mb,us}`` with
        ``scale_tokens_<factor>`` (the scaling table, seconds and microseconds
        as text rounded as the table prints them), the topic stage's slice of
        the sweep, and what follows: seconds per topic fit at the largest
        corpus and its peak memory in GB.
    """
    text = path.read_text(encoding="utf-8")
    out: dict[str, object] = {}
    machine = re.search(r"Machine: (\d+) cores, Python (\d+\.\d+)[\d.]*, (\S+?)\.", text)
    if machine:
        out |= {"bench_cores": int(machine.group(1)), "bench_python": machine.group(2),
                "bench_arch": machine.group(3)}
    noop = re.search(r"No-op `make`.*?: ([\d.]+) s", text)
    env = re.search(r"Environment set-up.*?: ([\d.]+) s", text)
    if noop:
        out["bench_noop_s"] = float(noop.group(1))
    if env:
        out["bench_env_s"] = float(env.group(1))
    notebooks = 0
    for step, secs, floor, ratio in _table(text, "## Rerun from clean outputs"):
        if step.startswith("topic sweep"):
            out["bench_sweep_s"] = float(secs)
        elif step == "notebooks":
            out |= {"bench_notebooks_s": float(secs), "bench_floor_s": float(floor),
                    "bench_notebooks_ratio": float(ratio)}
        elif step.startswith("whole rerun"):
            out |= {"bench_total_s": float(secs), "bench_total_ratio": float(ratio)}
        elif step.endswith(".ipynb"):
            notebooks += 1
    out["bench_notebooks"] = number_word(notebooks)
    if "bench_notebooks_ratio" in out:
        out |= {"rerun_target": RERUN_TARGET,
                "rerun_target_verb": "meet" if out["bench_notebooks_ratio"] <= RERUN_TARGET
                else "miss"}
    for row in _table(text, "## Scaling"):
        # stage, factor, [sections,] tokens, seconds, peak memory, µs per token
        stage, factor, tokens, secs, memory, per_token = row[:2] + row[-4:]
        if len(row) == 7:
            out[f"scale_sections_{factor}"] = f"{int(row[2].replace(',', '')):,}"
        key = f"scale_{stage}_{factor}"
        out |= {f"{key}_s": seconds(float(secs)), f"{key}_mb": int(memory),
                f"{key}_us": significant(float(per_token), 2)}
        count = int(tokens.replace(",", ""))
        out[f"scale_tokens_{factor}"] = f"{significant(count / 1000, 3 if count >= 1e5 else 2)}k"
    for factor, per_token, peak in re.findall(
            r"^- (\d+) times: ([\d.]+) µs per token, peak (\d+) MB", text, re.M):
        out |= {f"count_keyness_{factor}_us": float(per_token),
                f"count_keyness_{factor}_mb": int(peak)}
    slice_ = re.search(r"sweep slice of (\{.*?\}) per corpus", text)
    if slice_ and "scale_topics_100_s" in out:
        sweep = ast.literal_eval(slice_.group(1))
        fits = len(sweep["models"]) * len(sweep["ks"]) * len(sweep["seeds"])
        out |= {"scale_slice_ks": ", ".join(map(str, sweep["ks"])),
                "scale_slice_seeds": len(sweep["seeds"])}
        out["scale_fit_s"] = float(out["scale_topics_100_s"]) / fits
        memory = [v for k, v in out.items() if k.startswith("scale_") and k.endswith("_100_mb")]
        out["scale_peak_gb"] = max(memory) / 1000
    return out


#: The record of ``benchmarks/sweep.py``.
SWEEP_RESULTS = paths.ROOT / "benchmarks" / "sweep.md"
#: Rows of its table, by the names the README uses.
_SWEEP_RUNS = {"study, 2 workers": "study_2", "study, 1 worker": "study_1",
               "long paper, 2 workers": "long_2",
               "study, 2 workers, LDA fixed at the cap": "fixed_2"}


def sweep_facts(path: Path = SWEEP_RESULTS) -> dict[str, object]:
    """The topic-sweep benchmark (``benchmarks/sweep.md``) as names for the README.

    Returns
    -------
    dict
        ``sweep_<run>_s`` (wall seconds), ``sweep_<run>_cpu_s``, ``sweep_<run>_fits``,
        ``sweep_<run>_size`` ("259 x 1287") and ``sweep_<run>_iterations`` (mean LDA
        iterations) for the runs ``study_2``, ``study_1``, ``long_2`` and ``fixed_2``;
        ``sweep_speedup`` and ``sweep_identical`` (1 against 2 workers).
    """
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    out: dict[str, object] = {}
    rows = _table(text, "# Topic sweep benchmark")
    for name, size, fits, iterations, wall, cpu, _load, target in rows:
        key = _SWEEP_RUNS.get(name)
        if key:
            out |= {f"sweep_{key}_s": float(wall), f"sweep_{key}_cpu_s": float(cpu),
                    f"sweep_{key}_fits": int(fits), f"sweep_{key}_size": size,
                    f"sweep_{key}_iterations": float(iterations)}
            if ": " in target:  # "<= 90 s: missed by 69 s (76%)", as the benchmark judged
                limit, verdict = target.split(": ", 1)
                out[f"sweep_{key}_verdict"] = verdict.split(" (")[0]
                out[f"sweep_{key}_target"] = limit.removeprefix("<=").strip()
    speedup = re.search(r"Speed-up of 2 workers over 1.*?\*\*([\d.]+)x\*\* \(target >= "
                        r"([\d.]+)x.*?byte-identical: \*\*(\w+)\*\*", text, re.S)
    if speedup:
        out |= {"sweep_speedup": float(speedup.group(1)),
                "sweep_speedup_target": float(speedup.group(2)),
                "sweep_identical": "byte-identical" if speedup.group(3) == "True"
                else "not byte-identical"}
    return out


def build_facts() -> dict[str, object]:
    """Constants of the build the README quotes: figure widths and resolution, saved floats,
    the notebooks, the sweep's workers."""
    from analysis.build import outputs, targets
    from analysis.plots.style import WIDTHS

    notebooks = sorted(p.stem[:2] for p in paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    sweep = next(t for t in targets.CACHED if t.name == "topic_sweep")
    workers = sweep.args[sweep.args.index("--workers") + 1] if "--workers" in sweep.args else "1"
    return {"single_width": WIDTHS["single"], "double_width": WIDTHS["double"],
            "png_dpi": outputs.PNG_DPI,
            "float_digits": number_word(int(re.search(r"\d+", outputs.FLOAT_FORMAT).group())),
            "notebook_range": f"{notebooks[0]}..{notebooks[-1]}" if notebooks else "",
            "n_notebooks": len(notebooks), "sweep_workers": int(workers)}


def readme_facts(processed: Path | str | None = None) -> dict[str, object]:
    """Every name a README template may use (settings are added by the renderer)."""
    from analysis.build.quoted import quoted_facts

    names = quoted_facts(processed) | build_facts() | benchmark_facts() | sweep_facts()
    if "scale_fit_s" in names and "n_sweep_fits" in names:
        names["sweep_cpu_minutes"] = names["scale_fit_s"] * names["n_sweep_fits"] / 60
    names |= verdicts(names)
    return names


#: The targets of the performance work, as the README states them.
#: (The sweep's own targets are stated and judged by ``benchmarks/sweep.py``.)
TARGETS = {"count_keyness_us": 2.0, "count_keyness_mb": 1000, "study_100_minutes": 10}


def verdicts(names: dict[str, object]) -> dict[str, str]:
    """The targets (``target_*``) and whether each measured one is met ("met", "missed")."""
    out: dict[str, object] = {f"target_{name}": value for name, value in TARGETS.items()}
    if "count_keyness_100_us" in names:
        us, mb = names["count_keyness_100_us"], names["count_keyness_100_mb"]
        out["count_keyness_verdict"] = (
            "met" if us <= TARGETS["count_keyness_us"] and mb <= TARGETS["count_keyness_mb"]
            else "missed")
    if "sweep_cpu_minutes" in names and "bench_cores" in names:
        minutes = names["sweep_cpu_minutes"] / names["bench_cores"]
        out["study_100_minutes"] = f"{minutes:.0f}"
        out["study_100_verdict"] = ("met" if minutes <= TARGETS["study_100_minutes"]
                                    else "missed")
    if "sweep_speedup" in names:
        out["sweep_speedup_verdict"] = ("met" if names["sweep_speedup"]
                                        >= names["sweep_speedup_target"] else "missed")
    return out


def render(text: str, names: dict[str, object] | None = None) -> str:
    """``text`` with every generated span rewritten from its template."""
    names = readme_facts() if names is None else names

    def one(match: re.Match) -> str:
        template = match.group(1)
        return f"<!--={template}-->{facts.render(template, names, where='README')}<!--/-->"

    return SPAN.sub(one, text)


def visible(text: str) -> str:
    """What a reader sees of the README's spans: the rendered text, comments removed."""
    return SPAN.sub(lambda m: m.group(2), text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only say whether the README is up to date (exit 1 if not)")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    new = render(text)
    if args.check:
        if new != text:
            print("README.md quotes numbers the data no longer give: run "
                  "python -m analysis.build.readme", file=sys.stderr)
            return 1
        return 0
    if write_text(README, new):
        print("README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
