"""The README quotes no number the data or the benchmark record no longer give.

Every number the README quotes from the data sits in a generated span
(``<!--={template}-->text<!--/-->``, :mod:`analysis.build.readme`): the spans
must be up to date, and a number outside them must be one of the README's
constants (a year, a version, a file name) or one of the few measurements
recorded by hand that no table holds (:data:`HAND_RECORDED`, each a phrase).
"""

from __future__ import annotations

import re

import pytest

from analysis.build import facts, paths, readme

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")

#: Phrases with numbers that are not measurements of this study: requirements, names,
#: the parser's reach, the determinism test's claim, the scaling factors of benchmarks/run.py.
CONSTANTS = [
    r"Python 3\.11 \(with", r"\(2024;", r"SHA-?256\w*", r"UTF-8", r"MANIFEST\.sha256",
    r"level 1 or 2", r"identical for 1 or 2 workers", r"make -j2", r"\bG2\b",
    r"\b1x\b", r"\b10x\b", r"\b100x\b", r"\(seed 0\)", r"notebook 0\d\b",
]
#: Measurements typed by hand, with no machine-readable source yet (benchmarks/run.py and
#: benchmarks/rerun_checks.sh do not record them): listed so that each is a decision.
HAND_RECORDED = [
    "about 0.3 s when a module edit makes it regenerate",
    "killed by SIGTERM after 30 s with 3 of 6 notebooks done",
]


def _outside_spans(text: str) -> str:
    text = readme.SPAN.sub(" ", text)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)  # code blocks
    text = re.sub(r"`[^`\n]*`", " ", text)  # code spans: commands, paths, names
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = " ".join(text.split())
    for phrase in HAND_RECORDED:
        text = text.replace(phrase, " ")
    for pattern in CONSTANTS:
        text = re.sub(pattern, " ", text)
    return " ".join(text.split())


def test_readme_spans_are_up_to_date():
    assert readme.render(README) == README, (
        "README.md quotes numbers the data no longer give: run python -m analysis.build.readme")


def test_readme_quotes_no_number_outside_a_generated_span():
    stray = re.findall(r"[^\s]*\d[^\s]*", _outside_spans(README))
    assert stray == [], f"numbers typed into README.md outside a generated span: {stray}"


def test_hand_recorded_phrases_are_still_in_the_readme():
    for phrase in HAND_RECORDED:
        assert phrase in " ".join(README.split()), phrase


def test_every_span_renders_and_names_a_known_quantity():
    names = readme.readme_facts()
    templates = [m.group(1) for m in readme.SPAN.finditer(README)]
    assert len(templates) > 30
    for template in templates:
        assert facts.placeholders(template), template
        facts.render(template, names, where="README")


def test_spans_quote_the_tables():
    """A few quoted numbers checked against their sources by hand-written reads."""
    import pandas as pd

    processed = paths.PROCESSED
    shown = readme.visible(README)
    n_sections = len(pd.read_csv(processed / "sections.csv"))
    n_paragraphs = len(pd.read_csv(processed / "paragraphs.csv"))
    n_fits = len(pd.read_csv(processed / "topic_sweep.csv"))
    assert f"parsed into {n_sections} sections, {n_paragraphs} paragraphs" in shown
    assert f"topic sweep on this paper ({n_fits} fits" in shown


def test_render_rewrites_a_stale_span_and_refuses_an_unknown_name():
    text = "parsed into <!--={n_sections}-->16<!--/--> sections, <!--={RATE_BASE:,}-->x<!--/-->"
    assert readme.render(text, {"n_sections": 17}) == (
        "parsed into <!--={n_sections}-->17<!--/--> sections, <!--={RATE_BASE:,}-->1,000<!--/-->")
    assert readme.visible(readme.render(text, {"n_sections": 17})) == (
        "parsed into 17 sections, 1,000")
    with pytest.raises(facts.FactError, match="neither a saved fact"):
        readme.render("<!--={n_unknown}-->1<!--/-->", {})


def test_benchmark_record_is_parsed(tmp_path):
    record = tmp_path / "results.md"
    record.write_text("\n".join([
        "# Benchmark results", "", "Machine: 4 cores, Python 3.12.1, arm64.", "",
        "## Rerun from clean outputs", "", "| step | seconds | floor | ratio |",
        "| --- | ---: | ---: | ---: |", "| topic sweep (cached make target) | 40.0 |  |  |",
        "| 01_a.ipynb | 2.0 | 1.0 | 2.00 |", "| **notebooks** | **2.0** | **1.0** | **2.00** |",
        "| **whole rerun incl. sweep** | **42.0** | **1.0** | **42.00** |", "",
        "No-op `make` (median of 5): 0.003 s.", "",
        "Environment set-up from the lock file, empty pip cache: 70 s.", "",
        "## Scaling", "",
        "Topic stage: a sweep slice of {'models': ('lda',), 'ks': (4,), 'seeds': (0,)} per "
        "corpus.", "", "| stage | factor | tokens | seconds | peak memory (MB) | µs per token |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        "| topics | 100 | 552,861 | 50.00 | 300 | 90.4 |", ""]), encoding="utf-8")
    got = readme.benchmark_facts(record)
    assert (got["bench_cores"], got["bench_python"], got["bench_arch"]) == (4, "3.12", "arm64")
    assert got["bench_notebooks"] == "one" and got["bench_notebooks_ratio"] == 2.0
    assert got["rerun_target_verb"] == "miss" and got["bench_noop_s"] == 0.003
    assert got["scale_topics_100_s"] == "50.0" and got["scale_topics_100_us"] == "90"
    assert got["scale_tokens_100"] == "553k" and got["scale_fit_s"] == 50.0
    assert got["scale_peak_gb"] == pytest.approx(0.3)


def test_number_helpers():
    assert readme.significant(187.0) == "190" and readme.significant(23.8) == "24"
    assert readme.significant(0.0123, 2) == "0.012" and readme.number_word(6) == "six"
    assert readme.seconds(0.2) == "0.20" and readme.seconds(13.13) == "13.1"
    assert readme.seconds(103.37) == "103"


def test_sweep_benchmark_is_read_as_written(tmp_path):
    record = tmp_path / "sweep.md"
    record.write_text(
        "# Topic sweep benchmark\n\nMeasured by ...\n\n"
        "| run | paragraphs x terms | fits | mean LDA iterations | wall (s) | CPU (s) | load "
        "| target |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n"
        "| study, 2 workers | 61 x 215 | 440 | 37.2 | 20.5 | 42.4 | 0.7 | <= 60 s: met |\n"
        "| study, 1 worker | 61 x 215 | 440 | 37.2 | 38.6 | 40.1 | 0.9 |  |\n"
        "| long paper, 2 workers | 244 x 1130 | 440 | 65.3 | 158.5 | 319.1 | 2.0 "
        "| <= 90 s: missed by 69 s (76%) |\n\n"
        "Speed-up of 2 workers over 1 on the study's paper: **1.89x** (target >= 1.8x: met). "
        "Tables for 1 and 2 workers byte-identical: **True**.\n", encoding="utf-8")
    found = readme.sweep_facts(record)
    assert found["sweep_study_2_s"] == 20.5 and found["sweep_study_1_s"] == 38.6
    assert found["sweep_study_2_verdict"] == "met"
    assert found["sweep_long_2_verdict"] == "missed by 69 s"
    assert found["sweep_long_2_size"] == "244 x 1130" and found["sweep_long_2_fits"] == 440
    assert found["sweep_speedup"] == 1.89 and found["sweep_identical"] == "byte-identical"
    assert readme.sweep_facts(tmp_path / "absent.md") == {}
    # the count-and-keyness target: at most 2 µs a token and 1 GB at 100 times the paper
    met = readme.verdicts({"count_keyness_100_us": 1.92, "count_keyness_100_mb": 617})
    assert met["count_keyness_verdict"] == "met" and met["target_count_keyness_us"] == 2
    assert readme.verdicts({"count_keyness_100_us": 2.1, "count_keyness_100_mb": 617})[
        "count_keyness_verdict"] == "missed"
    assert readme.verdicts({"count_keyness_100_us": 1.5, "count_keyness_100_mb": 1200})[
        "count_keyness_verdict"] == "missed"
    slow = readme.verdicts({"sweep_cpu_minutes": 158.0, "bench_cores": 2,
                            "sweep_speedup": 1.7, "sweep_speedup_target": 1.8})
    assert slow["study_100_minutes"] == "79" and slow["study_100_verdict"] == "missed"
    assert slow["sweep_speedup_verdict"] == "missed"
