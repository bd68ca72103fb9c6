"""The sweep: identical tables for 1 and 2 workers and on a Dask cluster; progress; odd papers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.build.outputs import table_csv
from analysis.topics import parallel
from analysis.topics import sweep as sweeping
from analysis.topics.corpus import TopicCorpus, document_term_matrix

SMALL = {"ks": (2, 3), "seeds": (0, 1), "resamples": 2, "progress": False}


def _corpus(texts: list[list[str]]) -> TopicCorpus:
    docs = pd.Series(texts, index=[f"P{i}" for i in range(len(texts))])
    counts, terms = document_term_matrix(docs, 1, 1.0)
    return TopicCorpus(list(docs.index), ["S01"] * len(docs), docs, counts, terms)


@pytest.fixture(scope="module")
def small_corpus():
    rng = np.random.default_rng(0)
    groups = [list("abcdef"), list("ghijkl"), list("mnopqr")]
    texts = [list(rng.choice(groups[i % 3], size=8)) + list(rng.choice(list("abcdefghijklmnopqr"),
                                                                       size=2))
             for i in range(12)]
    return _corpus(texts)


def test_sweep_table_shape_and_order(small_corpus):
    table = sweeping.sweep(small_corpus, **SMALL)
    assert list(table.columns) == sweeping.SWEEP_COLUMNS
    # 2 models x 2 k x (2 seeds + 2 subsamples)
    assert len(table) == 2 * 2 * 4
    assert table[["model", "k", "sample", "seed"]].apply(tuple, axis=1).is_monotonic_increasing
    full, resampled = table[table["sample"] == 0], table[table["sample"] > 0]
    assert full["stability"].between(0, 1).all() and full["npmi"].between(-1, 1).all()
    assert (full["npmi_min"] <= full["npmi"]).all()
    assert full["cross_agreement"].between(0, 1).all()
    assert resampled[["npmi", "stability", "cross_agreement"]].isna().all().all()
    assert table["reference_agreement"].between(0, 1).all()
    assert table["returned"].between(0, 1).all()
    # each resampled fit uses its setting's reference seed (the best-agreeing seed fit)
    for _, group in table.groupby(["model", "k"]):
        seeds = group[group["sample"] == 0]
        reference = seeds.sort_values(["stability", "seed"], ascending=[False, True]).iloc[0]
        assert reference["reference_agreement"] == 1.0
        assert set(group.loc[group["sample"] > 0, "seed"]) == {reference["seed"]}
    # held-out perplexity is LDA's only
    assert resampled.loc[resampled["model"] == "lda", "perplexity"].gt(1).all()
    assert table.loc[table["model"] == "nmf", "perplexity"].isna().all()
    assert full["perplexity"].isna().all()


@pytest.mark.slow
def test_sweep_is_identical_with_one_or_two_workers(small_corpus):
    one = sweeping.sweep(small_corpus, workers=1, **SMALL)
    two = sweeping.sweep(small_corpus, workers=2, **SMALL)
    assert table_csv(one) == table_csv(two)


@pytest.mark.slow
def test_sweep_on_a_dask_cluster_is_byte_identical(small_corpus):
    distributed = pytest.importorskip("distributed")
    local = sweeping.sweep(small_corpus, workers=1, **SMALL)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        remote = sweeping.sweep(small_corpus, scheduler=cluster.scheduler_address, **SMALL)
    assert table_csv(remote) == table_csv(local)


def test_scheduler_from_the_command_line_or_the_environment(monkeypatch):
    monkeypatch.delenv(parallel.SCHEDULER_VARIABLE, raising=False)
    assert parallel.scheduler_address() is None
    monkeypatch.setenv(parallel.SCHEDULER_VARIABLE, " tcp://10.0.0.1:8786 ")
    assert parallel.scheduler_address() == "tcp://10.0.0.1:8786"
    assert parallel.scheduler_address("tcp://other:8786") == "tcp://other:8786"
    monkeypatch.setenv(parallel.SCHEDULER_VARIABLE, "")
    assert parallel.scheduler_address() is None


def test_progress_is_silent_under_make_and_when_redirected(monkeypatch, capsys):
    monkeypatch.setenv("MAKELEVEL", "1")
    assert parallel.show_progress() is False
    assert parallel.show_progress(True) is True
    monkeypatch.delenv("MAKELEVEL")
    assert parallel.show_progress() is False  # pytest captures stderr: not a terminal
    # in a kernel: only one that jupyter_server started for an open notebook
    monkeypatch.setattr(parallel, "_in_kernel", lambda: True)
    monkeypatch.setenv("MAKELEVEL", "1")  # make lab
    monkeypatch.setenv("JPY_SESSION_NAME", "notebooks/04_topic_models.ipynb")
    assert parallel.show_progress() is True
    monkeypatch.delenv("JPY_SESSION_NAME")  # nbclient (the build) or nbval
    assert parallel.show_progress() is False
    monkeypatch.undo()
    bar = parallel.progress_bar(3, "fits", enabled=False)
    bar.update()
    bar.close()
    bar = parallel.progress_bar(3, "fits", enabled=True)
    bar.update(3)
    bar.close()
    assert "3/3" in capsys.readouterr().err


def test_cached_sweep_fits_once_then_reads(small_corpus, tmp_path, monkeypatch):
    import analysis.topics.sweep as module

    calls = []
    real = module.sweep
    monkeypatch.setattr(module, "sweep",
                        lambda corpus, **kw: calls.append(1) or real(corpus, **SMALL))
    first = module.cached_sweep(small_corpus, out_dir=tmp_path)
    second = module.cached_sweep(small_corpus, out_dir=tmp_path)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, second)
