"""Shared fixtures: the study of this paper, built once per test session."""

import pytest

from analysis.study import Study, load_study


@pytest.fixture(scope="session")
def study() -> Study:
    """The study's own paper with its configuration (the shared tables, built lazily)."""
    return load_study()


@pytest.fixture(scope="session")
def corpus(study):
    """The study's parsed paper."""
    return study.paper
