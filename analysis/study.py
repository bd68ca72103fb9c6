"""The study object: one paper, its configuration, and the shared tables, built once per process.

Every notebook, the topic sweep and the tests take what they need from one
:class:`Study` (:func:`load_study`), so the chain paper -> tokens -> words ->
section sizes -> term labels -> counts is built in one place. Each table is
computed the first time it is asked for and kept; :func:`load_study` returns
the same object for the same paper and configuration within a process.

The shared tables:

``paper``      the parsed paper (:class:`analysis.paper.Paper`)
``expressions`` the expressions lexicon applied (empty without one)
``tokens``     the tokens table (:func:`analysis.tokens.tokens_table`)
``sentences``  sentences as the tokens table sees them
``units``      the words in reading order (:func:`analysis.frequency.running_units`)
``section_labels`` short section labels
``sizes``      sections with words, and the denominator ``n_words``
``sections``   every section, with its words on the one denominator
``labels``     display labels of terms
``counts``     term counts and rates per section
``terms``      term counts and rates for the paper
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import pandas as pd

from analysis import frequency, tokens
from analysis.build import paths
from analysis.config import EMPTY, StudyConfig, load_config
from analysis.paper import Paper, PaperError, load_paper

#: Passed as ``config`` to mean "the configuration that goes with the paper".
DEFAULT = "default"


@dataclass(eq=False)
class Study:
    """One paper under study with its configuration; shared tables are built on first use.

    Attributes
    ----------
    paper_path : Path
        The paper's Markdown file.
    config : StudyConfig
        Its study configuration (:data:`analysis.config.EMPTY` if it has none).
    """

    paper_path: Path
    config: StudyConfig

    @cached_property
    def paper(self) -> Paper:
        """The parsed paper."""
        return load_paper(self.paper_path)

    @cached_property
    def expressions(self) -> pd.DataFrame:
        """The expressions lexicon of the configuration (empty if it names none)."""
        return tokens.load_expressions(self.config.lexicon("expressions"))

    @cached_property
    def tokens(self) -> pd.DataFrame:
        """The tokens table."""
        return tokens.tokens_table(self.paper.paragraphs, self.expressions)

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """Sentences as the tokens table sees them (citations removed)."""
        return tokens.sentence_texts(self.paper.paragraphs)

    @cached_property
    def units(self) -> pd.DataFrame:
        """The words in reading order, with their place in the running text."""
        return frequency.running_units(self.tokens)

    @cached_property
    def section_labels(self) -> pd.Series:
        """Short label of each section, by section_id."""
        return frequency.section_labels(self.paper.sections, self.config.lexicon("section_labels"))

    @cached_property
    def sizes(self) -> pd.DataFrame:
        """Sections with words: n_tokens, n_words (the denominator), n_content, major."""
        return frequency.section_sizes(self.tokens, self.paper.sections, self.section_labels)

    @cached_property
    def sections(self) -> pd.DataFrame:
        """Every section of the paper, with its words on the one denominator."""
        return frequency.section_table(self.paper.sections, self.sizes)

    @cached_property
    def labels(self) -> pd.Series:
        """Display labels of terms, by term."""
        return frequency.term_labels(self.units, self.expressions)

    @cached_property
    def counts(self) -> pd.DataFrame:
        """Count and rate of every content term in every section."""
        return frequency.term_counts(self.units, self.sizes)

    @cached_property
    def terms(self) -> pd.DataFrame:
        """Count and rate of every content term in the paper."""
        return frequency.paper_terms(self.counts, self.sizes, self.labels)

    @property
    def is_configured(self) -> bool:
        """Whether the paper comes with a study configuration."""
        return self.config.source is not None


def find_config(paper: Path | str) -> Path | None:
    """The study configuration of a paper, found beside it.

    Parameters
    ----------
    paper : Path or str
        The paper's Markdown file.

    Returns
    -------
    Path or None
        ``<stem>.toml`` beside the paper if it exists, else ``study.toml`` beside it
        if that names this paper or no paper (a ``study.toml`` naming another paper
        belongs to that one), else None: the paper gets data-driven choices.
    """
    paper = Path(paper).resolve()
    own = paper.with_suffix(".toml")
    if own.is_file():
        return own
    shared = paper.parent / "study.toml"
    if shared.is_file():
        named = paths.configured_paper(shared)
        if named is None or named == paper:
            return shared
    return None


@cache
def _load(paper: Path, config: Path | None) -> Study:
    return Study(paper, load_config(config, paper) if config is not None else EMPTY)


def load_study(paper: Path | str | None = None, config: Path | str | None = DEFAULT) -> Study:
    """The study of a paper, built once per process for each paper and configuration.

    Parameters
    ----------
    paper : Path, str or None
        The paper; default: the paper in force (:data:`analysis.build.paths.PAPER`).
    config : Path, str or None, default :data:`DEFAULT`
        Its study configuration; None for none. By default: the configuration in
        force for the paper in force (:data:`analysis.build.paths.CONFIG`), or the
        one found beside a paper given here (:func:`find_config`).

    Returns
    -------
    Study

    Raises
    ------
    analysis.config.ConfigError
        If the configuration cannot be used or names another paper.
    analysis.paper.PaperError
        If no paper is given and none is in force.
    """
    if paper is None:
        if paths.PAPER is None:
            raise PaperError(f"{paths.STUDY_CONFIG}: names no paper ([paper] path) and no "
                             "other paper is given")
        paper = paths.PAPER
        if config == DEFAULT:
            config = paths.CONFIG
    elif config == DEFAULT:
        config = find_config(paper)
    return _load(Path(paper).resolve(), Path(config).resolve() if config is not None else None)
