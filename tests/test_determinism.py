"""The key pipeline gives the same bytes under different hash seeds, cores and workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from analysis.build import paths

PIPELINE = r"""
import hashlib, json, os, sys
if os.environ.get("ONE_CORE"):
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
from analysis import keyness
from analysis.build.outputs import table_csv
from analysis.study import load_study
from analysis.topics.corpus import topic_corpus
from analysis.topics.sweep import sweep

study = load_study()
prepared = topic_corpus(study.units, study.paper.paragraphs)
outputs = {
    "tokens": study.tokens,
    "counts": study.counts,
    "keyness": keyness.section_keyness(study.counts, study.sizes, study.labels),
    "sweep": sweep(prepared, ks=(3, 5), seeds=(0, 1, 2), workers=int(sys.argv[1]),
                   progress=False),
}
print(json.dumps({name: hashlib.sha256(table_csv(df).encode()).hexdigest()
                  for name, df in outputs.items()}))
"""


def _run(env_extra: dict[str, str], workers: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDY_")}
    env.update(env_extra)
    result = subprocess.run([sys.executable, "-c", PIPELINE, str(workers)], cwd=paths.ROOT,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two cores to compare")
def test_key_outputs_do_not_depend_on_hash_seed_cores_or_workers():
    first = _run({"PYTHONHASHSEED": "1", "ONE_CORE": "1", "OMP_NUM_THREADS": "1"}, workers=1)
    second = _run({"PYTHONHASHSEED": "4242", "OMP_NUM_THREADS": "2"}, workers=2)
    assert first == second
