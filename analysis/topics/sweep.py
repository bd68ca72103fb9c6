"""The topic-model sweep: every model x number of topics x seed, fitted and scored.

``python -m analysis.topics.sweep --workers 2`` fits every setting in parallel
processes (joblib, one BLAS thread and ``n_jobs=1`` per fit) on the paper in
force and saves one row per fit as the registered table ``topic_sweep``, a
cached make target (:mod:`analysis.build.targets`), so notebook 04 does not
refit it. Each fit is scored by its coherence and its agreement with the
other seeds and the other model family (:mod:`analysis.topics.quality`); the
number of topics is then chosen by the rule fixed in advance
(:mod:`analysis.topics.selection`).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

from analysis.build.outputs import save_table, table_path
from analysis.settings import (
    NPMI_WINDOW,
    TOPIC_K_RANGE,
    TOPIC_MODELS,
    TOPIC_SEEDS,
    TOPIC_TOP_TERMS,
)
from analysis.study import load_study
from analysis.topics.corpus import TopicCorpus, max_topics, supported_ks, topic_corpus
from analysis.topics.fitting import fit_topics, top_term_indices
from analysis.topics.quality import agreement, cooccurrence, fit_stability, topic_npmi, topic_umass

#: The registered table the sweep writes (a cached make target, see analysis.build.targets).
SWEEP_TABLE = "topic_sweep"
SWEEP_COLUMNS = ["model", "k", "seed", "npmi", "npmi_min", "umass", "stability",
                 "cross_agreement", "n_iter"]


def sweep_description(table: pd.DataFrame, corpus: TopicCorpus,
                      ks: Sequence[int] = TOPIC_K_RANGE) -> str:
    """One sentence saying what the sweep fitted, and why k was capped if it was.

    Parameters
    ----------
    table : DataFrame
        :func:`sweep`.
    corpus : TopicCorpus
        The corpus it was fitted on (:func:`analysis.topics.corpus.topic_corpus`).
    ks : sequence of int, default :data:`analysis.settings.TOPIC_K_RANGE`
        The numbers of topics asked for.

    Returns
    -------
    str
        The number of fits, models, range of k and seeds; or, for an empty
        sweep, why nothing was fitted.
    """
    if table.empty:
        return (f"No fits: the document-term matrix ({len(corpus.terms)} vocabulary term(s)) "
                f"supports at most {max_topics(corpus)} topic(s), fewer than the smallest k "
                f"swept ({min(ks)}), so no topic model was fitted.")
    text = (f"{len(table)} fits: {table['model'].nunique()} models, "
            f"k = {table['k'].min()}-{table['k'].max()}, {table['seed'].nunique()} seeds each.")
    if table["k"].max() < max(ks):
        text += (f" k stops at {table['k'].max()} instead of {max(ks)}: the document-term "
                 f"matrix supports at most {max_topics(corpus)} topics (documents with a "
                 f"vocabulary term, and vocabulary terms).")
    return text


def _fit_task(counts: csr_matrix, model: str, k: int, seed: int, n: int
              ) -> tuple[str, int, int, np.ndarray, int]:
    """One fit in a worker process, BLAS pinned to one thread."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        topic_term, _, n_iter = fit_topics(counts, model, k, seed)
    return model, k, seed, top_term_indices(topic_term, n), n_iter


def sweep(corpus: TopicCorpus, models: Sequence[str] = TOPIC_MODELS,
          ks: Sequence[int] = TOPIC_K_RANGE, seeds: Sequence[int] = TOPIC_SEEDS,
          top_n: int = TOPIC_TOP_TERMS, window: int = NPMI_WINDOW, workers: int = 1,
          progress: bool | None = None) -> pd.DataFrame:
    """Fit every model x k x seed and score each fit; one row per fit.

    Fits run in ``workers`` processes (joblib, loky), each with ``n_jobs=1``
    and one BLAS thread; rows are sorted by (model, k, seed), so the table
    does not depend on the number of workers. Values of ``ks`` above
    :func:`analysis.topics.corpus.max_topics` are skipped (see
    :func:`sweep_description`). The scores, and their references, are those
    of :mod:`analysis.topics.quality`.

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`analysis.topics.corpus.topic_corpus`.
    models : sequence of str, default :data:`analysis.settings.TOPIC_MODELS`
        Model families ("lda", "nmf").
    ks : sequence of int, default :data:`analysis.settings.TOPIC_K_RANGE`
        Numbers of topics.
    seeds : sequence of int, default :data:`analysis.settings.TOPIC_SEEDS`
        Random states.
    top_n : int, default :data:`analysis.settings.TOPIC_TOP_TERMS`
        Top terms per topic that the scores use.
    window : int, default :data:`analysis.settings.NPMI_WINDOW`
        Sliding window of the NPMI reference (:func:`analysis.topics.quality.cooccurrence`).
    workers : int, default 1
        Processes.
    progress : bool, optional
        Show a progress bar on stderr; None shows it only when stderr is a
        terminal (never in a notebook run headless).

    Returns
    -------
    DataFrame
        model, k, seed, npmi (mean topic NPMI), npmi_min (least coherent
        topic), umass (mean topic UMass, paragraph co-occurrence), stability
        (mean agreement with the other seeds' fits), cross_agreement (mean
        agreement with the other model's fits at the same k; NaN with one
        model), n_iter. Empty (same columns) if no k is supported.
    """
    from joblib import Parallel, delayed
    from tqdm import tqdm

    ks = supported_ks(corpus, ks)
    if not ks:
        return pd.DataFrame({c: pd.Series(dtype="str" if c == "model" else "float64")
                             for c in SWEEP_COLUMNS})

    tasks = [(m, k, s) for m in models for k in ks for s in seeds]
    jobs = (delayed(_fit_task)(corpus.counts, m, k, s, top_n) for m, k, s in tasks)
    results = Parallel(n_jobs=workers, backend="loky", return_as="generator")(jobs)
    fits = list(tqdm(results, total=len(tasks), desc="topic fits", unit="fit",
                     disable=None if progress is None else not progress))
    fits.sort(key=lambda f: (f[0], f[1], f[2]))

    windows = cooccurrence(corpus.documents, corpus.terms, window=window)
    paragraphs = cooccurrence(corpus.documents, corpus.terms, window=None)
    groups = {key: ([[[corpus.terms[i] for i in topic] for topic in fit[3]] for fit in group],
                    group) for key, group in _groupby(fits)}
    rows = []
    for (model, k), (tops, group) in groups.items():
        stability = fit_stability(tops)
        others = [groups[(m, k)][0] for m in models if m != model and (m, k) in groups]
        for fit, top, stab in zip(group, tops, stability, strict=True):
            npmis = [topic_npmi(t, windows) for t in top]
            cross = [agreement(top, other) for tops_m in others for other in tops_m]
            rows.append({"model": model, "k": k, "seed": fit[2], "npmi": np.mean(npmis),
                         "npmi_min": np.min(npmis),
                         "umass": np.mean([topic_umass(t, paragraphs) for t in top]),
                         "stability": stab,
                         "cross_agreement": np.mean(cross) if cross else np.nan,
                         "n_iter": fit[4]})
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS)


def _groupby(fits: list) -> list[tuple[tuple[str, int], list]]:
    groups: dict[tuple[str, int], list] = {}
    for fit in fits:
        groups.setdefault((fit[0], fit[1]), []).append(fit)
    return sorted(groups.items())


def read_sweep(out_dir: Path | str | None = None) -> pd.DataFrame:
    """The cached sweep table; a clear error if it has not been built.

    Parameters
    ----------
    out_dir : Path or str, optional
        The processed-data folder (default: the one in force).

    Returns
    -------
    DataFrame
        Columns :data:`SWEEP_COLUMNS`.
    """
    path = table_path(SWEEP_TABLE, out_dir)
    if not path.exists():
        raise FileNotFoundError(f"{path}: the topic sweep has not been run; build it with "
                                "`make sweep` or `python -m analysis.topics.sweep`")
    table = pd.read_csv(path)
    missing = set(SWEEP_COLUMNS) - set(table.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}; rerun the sweep")
    return table


def main(argv: list[str] | None = None) -> int:
    """Command line: fit the sweep for the paper in force and save its table.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default: ``sys.argv[1:]``); ``--workers N`` sets the processes.

    Returns
    -------
    int
        The exit status, 0.
    """
    parser = argparse.ArgumentParser(prog="python -m analysis.topics.sweep",
                                     description="Topic-model sweep over k and seeds.")
    parser.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    study = load_study()
    corpus = topic_corpus(study.units, study.paper.paragraphs)
    table = sweep(corpus, workers=args.workers)
    path = save_table(table, SWEEP_TABLE)
    print(f"{path}: {len(table)} fits ({len(TOPIC_MODELS)} models x "
          f"{len(supported_ks(corpus))} k x {len(TOPIC_SEEDS)} seeds), {args.workers} "
          f"worker(s), {time.perf_counter() - start:.1f} s wall clock", file=sys.stdout)
    if len(supported_ks(corpus)) < len(TOPIC_K_RANGE):
        print(sweep_description(table, corpus), file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
