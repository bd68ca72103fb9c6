"""The topic-model sweep: every model x number of topics, over seeds and over document resamples.

``python -m analysis.topics.sweep --workers 2`` fits every setting on the paper
in force and saves one row per fit as the registered table ``topic_sweep``, a
cached make target (:mod:`analysis.build.targets`), so notebook 04 does not
refit it. Two kinds of fit:

* *seeds*: every model x k x seed on all paragraphs (``sample`` 0), scored by
  coherence, by agreement with the other seeds and with the other model family;
  the fit that agrees best with the other seeds is the setting's reference fit
  (:func:`analysis.topics.selection.reference_seed`);
* *document resamples*: every model x k on subsamples 1, 2, ... of the
  paragraphs (:mod:`analysis.topics.resampling`), fitted with the reference
  fit's seed and scored by their agreement with it; LDA's perplexity on the
  held-out paragraphs is recorded.

The fits run in parallel (:mod:`analysis.topics.parallel`: local processes, or
a Dask cluster with ``--scheduler ADDRESS`` or the environment variable
``DASK_SCHEDULER``); each runs with ``n_jobs=1`` and one BLAS thread, and rows
are sorted, so the table is byte-identical whatever ran it. The number of
topics is then chosen by the rule fixed in advance
(:mod:`analysis.topics.selection`).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

from analysis.build.outputs import save_table, table_path
from analysis.settings import (
    LDA_PERP_TOL,
    NPMI_WINDOW,
    TOPIC_K_RANGE,
    TOPIC_MATCH_THRESHOLD,
    TOPIC_MAX_DF_SHARE,
    TOPIC_MIN_DF,
    TOPIC_MODELS,
    TOPIC_RESAMPLE_SHARE,
    TOPIC_RESAMPLES,
    TOPIC_SEEDS,
    TOPIC_TOP_TERMS,
)
from analysis.topics.corpus import TopicCorpus, max_topics, supported_ks
from analysis.topics.fitting import _row_normalise, fit_estimator, top_term_indices
from analysis.topics.parallel import fit_runner, progress_bar, scheduler_address, show_progress
from analysis.topics.quality import (
    cooccurrence,
    index_npmi,
    index_stability,
    index_umass,
    matched_jaccard,
)
from analysis.topics.resampling import (
    held_out_perplexity,
    held_out_rows,
    subsample_rows,
    supported_topics,
)

#: The registered table the sweep writes (a cached make target, see analysis.build.targets).
SWEEP_TABLE = "topic_sweep"
SWEEP_COLUMNS = ["model", "k", "seed", "sample", "npmi", "npmi_min", "umass", "stability",
                 "cross_agreement", "reference_agreement", "returned", "perplexity", "n_iter"]


def sweep_description(table: pd.DataFrame, corpus: TopicCorpus,
                      ks: Sequence[int] = TOPIC_K_RANGE, top_n: int = TOPIC_TOP_TERMS) -> str:
    """One sentence saying what the sweep fitted, and why k was capped if it was.

    Parameters
    ----------
    table : DataFrame
        :func:`sweep`.
    corpus : TopicCorpus
        The corpus it was fitted on (:func:`analysis.topics.corpus.topic_corpus`).
    ks : sequence of int, default :data:`analysis.settings.TOPIC_K_RANGE`
        The numbers of topics asked for.
    top_n : int, default :data:`analysis.settings.TOPIC_TOP_TERMS`
        The top terms per topic the sweep scored.

    Returns
    -------
    str
        The numbers of fits, models, range of k, seeds and resamples; or, for
        an empty sweep, why nothing was fitted.
    """
    if table.empty and max_topics(corpus) >= min(ks) and len(corpus.terms) <= top_n:
        return (f"Not measured: the vocabulary has {len(corpus.terms):,} term(s), no more than "
                f"the {top_n} top terms each topic is scored by, so every topic would "
                f"hold the whole vocabulary and no two fits could differ; no topic model was "
                f"fitted.")
    if table.empty:
        return (f"Not measured: {len(corpus.paragraph_ids):,} paragraph(s) and "
                f"{len(corpus.terms):,} vocabulary term(s) (terms in at least {TOPIC_MIN_DF} "
                f"paragraphs and at most {TOPIC_MAX_DF_SHARE:.0%} of them) support at most "
                f"{max_topics(corpus)} topic(s), fewer than the smallest k swept ({min(ks)}), "
                f"so no topic model was fitted.")
    seeds = table[table["sample"] == 0]
    resamples = table[table["sample"] > 0]
    text = (f"{len(table):,} fits: {table['model'].nunique()} models, "
            f"k = {table['k'].min()}-{table['k'].max()}; {len(seeds):,} on all "
            f"{len(corpus.paragraph_ids):,} paragraphs ({seeds['seed'].nunique()} seeds each) "
            f"and {len(resamples):,} on subsamples of {TOPIC_RESAMPLE_SHARE:.0%} of them "
            f"({resamples['sample'].nunique()} subsamples, each fitted for every k it "
            f"supports, with the reference fit's seed).")
    if table["k"].max() < max(ks):
        text += (f" k stops at {table['k'].max()} instead of {max(ks)}: the document-term "
                 f"matrix supports at most {max_topics(corpus)} topics (documents with a "
                 f"vocabulary term, and vocabulary terms).")
    return text


@dataclass(frozen=True)
class SweepData:
    """What every fit reads, sent to the workers once: the counts and the subsamples' rows."""

    counts: csr_matrix
    samples: tuple[np.ndarray, ...]
    top_n: int
    lda_tol: float | None = LDA_PERP_TOL


def _fit_task(data: SweepData, spec: tuple[str, int, int, int]
              ) -> tuple[np.ndarray, int, float]:
    """One fit in a worker, BLAS pinned to one thread: top-term indices, iterations, perplexity."""
    from threadpoolctl import threadpool_limits

    model, k, seed, sample = spec
    with threadpool_limits(limits=1):
        counts = data.counts if sample == 0 else data.counts[data.samples[sample - 1]]
        fitted, _ = fit_estimator(counts, model, k, seed, lda_tol=data.lda_tol)
        perplexity = np.nan
        if model == "lda" and sample > 0:
            rows = held_out_rows(data.counts.shape[0], data.samples[sample - 1])
            perplexity = held_out_perplexity(fitted, data.counts[rows])
    return (top_term_indices(_row_normalise(fitted.components_), data.top_n),
            int(fitted.n_iter_), perplexity)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="str" if c == "model" else "float64")
                         for c in SWEEP_COLUMNS})


def sweep(corpus: TopicCorpus, models: Sequence[str] = TOPIC_MODELS,
          ks: Sequence[int] = TOPIC_K_RANGE, seeds: Sequence[int] = TOPIC_SEEDS,
          resamples: int = TOPIC_RESAMPLES, top_n: int = TOPIC_TOP_TERMS,
          window: int = NPMI_WINDOW, workers: int = 1, scheduler: str | None = None,
          progress: bool | None = None, lda_tol: float | None = LDA_PERP_TOL) -> pd.DataFrame:
    """Fit every model x k over seeds and document resamples, and score each fit.

    Values of ``ks`` above :func:`analysis.topics.corpus.max_topics` are
    skipped (see :func:`sweep_description`), and a subsample is skipped for a
    k it does not support. The scores and their references are those of
    :mod:`analysis.topics.quality`.

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`analysis.topics.corpus.topic_corpus`.
    models : sequence of str, default :data:`analysis.settings.TOPIC_MODELS`
        Model families ("lda", "nmf").
    ks : sequence of int, default :data:`analysis.settings.TOPIC_K_RANGE`
        Numbers of topics.
    seeds : sequence of int, default :data:`analysis.settings.TOPIC_SEEDS`
        Random states of the fits on all paragraphs.
    resamples : int, default :data:`analysis.settings.TOPIC_RESAMPLES`
        Subsamples of the paragraphs (:mod:`analysis.topics.resampling`).
    top_n : int, default :data:`analysis.settings.TOPIC_TOP_TERMS`
        Top terms per topic that the scores use.
    window : int, default :data:`analysis.settings.NPMI_WINDOW`
        Sliding window of the NPMI reference (:func:`analysis.topics.quality.cooccurrence`).
    workers : int, default 1
        Local processes.
    scheduler : str, optional
        A Dask scheduler's address: the fits run on that cluster instead.
    progress : bool, optional
        Show a progress bar (:func:`analysis.topics.parallel.show_progress`).
    lda_tol : float or None, default :data:`analysis.settings.LDA_PERP_TOL`
        LDA's stopping tolerance (:func:`analysis.topics.fitting.fit_estimator`);
        None runs every LDA fit for the full iteration cap.

    Returns
    -------
    DataFrame
        One row per fit, sorted by model, k, sample, seed: model, k, seed,
        sample (0: all paragraphs; i: subsample i), npmi (mean topic NPMI),
        npmi_min (least coherent topic), umass (mean topic UMass, paragraph
        co-occurrence), stability (mean agreement with the other seeds' fits),
        cross_agreement (mean agreement with the other model's fits at the same
        k; NaN with one model) -- these four on all paragraphs only --;
        reference_agreement (mean matched Jaccard of the reference fit's topics
        in this fit), returned (share of the reference's topics whose match
        reaches :data:`analysis.settings.TOPIC_MATCH_THRESHOLD`), perplexity
        (LDA on the subsample's held-out paragraphs, by document completion,
        :func:`analysis.topics.resampling.held_out_perplexity`), n_iter. Empty (same
        columns) if no k is supported.
    """
    ks = supported_ks(corpus, ks)
    if not ks or len(corpus.terms) <= top_n:  # every topic would hold the whole vocabulary
        return _empty()
    n_docs = corpus.counts.shape[0]
    rows_of = tuple(subsample_rows(n_docs, i) for i in range(1, resamples + 1))
    data = SweepData(corpus.counts, rows_of, top_n, lda_tol)
    capacity = [supported_topics(corpus.counts[rows]) for rows in rows_of]
    first = [(m, k, s, 0) for m in models for k in sorted(ks, reverse=True) for s in seeds]
    n_second = sum(1 for _ in models for k in ks for c in capacity if k <= c)
    bar = progress_bar(len(first) + n_second, "topic fits", show_progress(progress))
    try:
        with fit_runner(workers, scheduler) as run:
            fits = dict(zip(first, run(_fit_task, data, first, bar), strict=True))
            tops = {(m, k): [fits[(m, k, s, 0)][0] for s in seeds] for m in models for k in ks}
            stability = {key: index_stability(value) for key, value in tops.items()}
            reference = {key: int(seeds[_best(value)]) for key, value in stability.items()}
            second = [(m, k, reference[(m, k)], i + 1) for m in models
                      for k in sorted(ks, reverse=True)
                      for i, c in enumerate(capacity) if k <= c]
            fits.update(zip(second, run(_fit_task, data, second, bar), strict=True))
    finally:
        bar.close()
    return _score(corpus, fits, models, ks, seeds, stability, reference, window)


def _best(stability: np.ndarray) -> int:
    """Position of the highest stability (rounded to 9 places); ties: the first."""
    return int(np.argmax(np.round(stability, 9)))


def _score(corpus, fits, models, ks, seeds, stability, reference, window) -> pd.DataFrame:
    windows = cooccurrence(corpus.documents, corpus.terms, window=window)
    paragraphs = cooccurrence(corpus.documents, corpus.terms, window=None)
    rows = []
    for (model, k, seed, sample), (top, n_iter, perplexity) in sorted(fits.items()):
        ref_top = fits[(model, k, reference[(model, k)], 0)][0]
        matched = matched_jaccard(ref_top, top)
        row = {"model": model, "k": k, "seed": seed, "sample": sample,
               "reference_agreement": matched.mean(),
               "returned": (matched >= TOPIC_MATCH_THRESHOLD).mean(),
               "perplexity": perplexity, "n_iter": n_iter}
        if sample == 0:
            npmis = [index_npmi(t, windows) for t in top]
            cross = [matched_jaccard(top, fits[(other, k, s, 0)][0]).mean()
                     for other in models if other != model for s in seeds]
            row.update(npmi=np.mean(npmis), npmi_min=np.min(npmis),
                       umass=np.mean([index_umass(t, paragraphs) for t in top]),
                       stability=stability[(model, k)][list(seeds).index(seed)],
                       cross_agreement=np.mean(cross) if cross else np.nan)
        rows.append(row)
    table = pd.DataFrame(rows, columns=SWEEP_COLUMNS)
    return table.sort_values(["model", "k", "sample", "seed"], kind="stable").reset_index(
        drop=True)


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


def cached_sweep(corpus: TopicCorpus, out_dir: Path | str | None = None,
                 workers: int = 1) -> pd.DataFrame:
    """The cached sweep if it has been built, else fit it now (with a progress bar) and save it.

    ``make`` always builds the table first, so a notebook run by the build only
    reads it; in JupyterLab, before the first ``make``, the sweep runs in the
    kernel and shows its progress.

    Parameters
    ----------
    corpus : TopicCorpus
        The corpus of the paper in force.
    out_dir : Path or str, optional
        The processed-data folder (default: the one in force).
    workers : int, default 1
        Local processes if the sweep has to run.

    Returns
    -------
    DataFrame
        :func:`read_sweep`.
    """
    if not table_path(SWEEP_TABLE, out_dir).exists():
        save_table(sweep(corpus, workers=workers), SWEEP_TABLE, out_dir=out_dir)
    return read_sweep(out_dir)


def main(argv: list[str] | None = None) -> int:
    """Command line: fit the sweep for the paper in force and save its table.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default: ``sys.argv[1:]``): ``--workers N`` local processes,
        ``--scheduler ADDRESS`` a Dask scheduler (default: the environment
        variable ``DASK_SCHEDULER``, if set), ``--progress``/``--no-progress``.

    Returns
    -------
    int
        The exit status, 0.
    """
    from analysis.study import load_study
    from analysis.topics.corpus import topic_corpus

    parser = argparse.ArgumentParser(prog="python -m analysis.topics.sweep",
                                     description="Topic-model sweep over k, seeds and "
                                                 "document resamples.")
    parser.add_argument("--workers", type=int, default=1, help="local processes (default 1)")
    parser.add_argument("--scheduler", default=None,
                        help="Dask scheduler address (tcp://host:8786); default: $DASK_SCHEDULER")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar (default: in a terminal, not under make)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    scheduler = scheduler_address(args.scheduler)
    study = load_study()
    corpus = topic_corpus(study.units, study.paper.paragraphs)
    table = sweep(corpus, workers=args.workers, scheduler=scheduler, progress=args.progress)
    path = save_table(table, SWEEP_TABLE)
    where = f"Dask scheduler {scheduler}" if scheduler else f"{args.workers} worker(s)"
    print(f"{path}: {len(table)} fits, {where}, {time.perf_counter() - start:.1f} s wall clock",
          file=sys.stdout)
    print(sweep_description(table, corpus), file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
