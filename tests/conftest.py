"""Shared fixtures: the study's paper, parsed once per test session."""

import pytest

from analysis import paper


@pytest.fixture(scope="session")
def corpus() -> paper.Paper:
    return paper.load_paper()
