"""Paragraphs as documents for topic models: the document-term matrix and what it supports.

Documents are the body paragraphs (sections are too few and too uneven), as
content-term sequences from the shared tokens table (lemmas, stopwords
removed, merged multiword expressions as one term). The vocabulary keeps terms
found in at least :data:`analysis.settings.TOPIC_MIN_DF` paragraphs and in at
most :data:`analysis.settings.TOPIC_MAX_DF_SHARE` of them (a term in most
paragraphs, usually the paper's subject, separates no topic).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

from analysis.settings import TOPIC_K_RANGE, TOPIC_MAX_DF_SHARE, TOPIC_MIN_DF
from analysis.tokens import count_matrix, term_documents


@dataclass(frozen=True)
class TopicCorpus:
    """Paragraphs as documents: ids, sections, term sequences and the count matrix.

    ``documents`` holds every content term (the reference for coherence);
    ``counts`` (paragraphs x ``terms``) only the filtered vocabulary.
    """

    paragraph_ids: list[str]
    section_ids: list[str]
    documents: pd.Series
    counts: csr_matrix
    terms: list[str]


def document_term_matrix(documents: pd.Series, min_df: int = TOPIC_MIN_DF,
                         max_df_share: float = TOPIC_MAX_DF_SHARE) -> tuple[csr_matrix, list[str]]:
    """Counts of the vocabulary terms per document, rare and near-ubiquitous terms removed.

    Parameters
    ----------
    documents : Series
        One list of content terms per document (:func:`analysis.tokens.term_documents`).
    min_df : int, default :data:`analysis.settings.TOPIC_MIN_DF`
        Documents a term must occur in, at least.
    max_df_share : float, default :data:`analysis.settings.TOPIC_MAX_DF_SHARE`
        Share of the documents a term may occur in, at most.

    Returns
    -------
    csr_matrix
        Documents x kept terms counts.
    list of str
        The kept terms, alphabetically (the matrix's columns); none when there
        are fewer documents than ``min_df``.
    """
    if len(documents) < min_df:  # no term can reach min_df (CountVectorizer would refuse)
        return csr_matrix((len(documents), 0), dtype=np.int64), []
    matrix, terms = count_matrix(documents, min_df=min_df)
    df = np.asarray((matrix > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero(df <= max_df_share * matrix.shape[0])
    return matrix[:, keep].tocsr(), [terms[i] for i in keep]


def topic_corpus(units: pd.DataFrame, paragraphs: pd.DataFrame,
                 min_df: int = TOPIC_MIN_DF, max_df_share: float = TOPIC_MAX_DF_SHARE
                 ) -> TopicCorpus:
    """The paper's paragraphs prepared for topic models.

    Parameters
    ----------
    units : DataFrame
        Words (:func:`analysis.tokens.units_table`) of the paper.
    paragraphs : DataFrame
        :attr:`analysis.paper.Paper.paragraphs` (paragraph_id, section_id), in order.
    min_df : int, default :data:`analysis.settings.TOPIC_MIN_DF`
        See :func:`document_term_matrix`.
    max_df_share : float, default :data:`analysis.settings.TOPIC_MAX_DF_SHARE`
        See :func:`document_term_matrix`.

    Returns
    -------
    TopicCorpus
    """
    documents = term_documents(units, by="paragraph_id",
                               order=paragraphs["paragraph_id"].tolist())
    counts, terms = document_term_matrix(documents, min_df, max_df_share)
    return TopicCorpus(paragraphs["paragraph_id"].tolist(), paragraphs["section_id"].tolist(),
                       documents, counts, terms)


def too_frequent_terms(corpus: TopicCorpus, max_df_share: float = TOPIC_MAX_DF_SHARE
                       ) -> list[str]:
    """Terms left out of the vocabulary: in more than ``max_df_share`` of the paragraphs.

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`topic_corpus`.
    max_df_share : float, default :data:`analysis.settings.TOPIC_MAX_DF_SHARE`
        As in :func:`document_term_matrix`.

    Returns
    -------
    list of str
        The terms, alphabetically.
    """
    all_counts, all_terms = count_matrix(corpus.documents, min_df=1)
    df = np.asarray((all_counts > 0).sum(axis=0)).ravel()
    return [t for t, d in zip(all_terms, df, strict=True)
            if d > max_df_share * all_counts.shape[0]]


def vocabulary_summary(corpus: TopicCorpus, min_df: int = TOPIC_MIN_DF,
                       max_df_share: float = TOPIC_MAX_DF_SHARE) -> pd.DataFrame:
    """What the models see: documents, content terms, vocabulary, and what was filtered out.

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`topic_corpus`.
    min_df : int, default :data:`analysis.settings.TOPIC_MIN_DF`
        The filter ``corpus`` was built with; removed terms are counted with it.
    max_df_share : float, default :data:`analysis.settings.TOPIC_MAX_DF_SHARE`
        The filter ``corpus`` was built with; removed terms are counted with it.

    Returns
    -------
    DataFrame
        quantity (described in words), value (int); eight rows, from the
        number of paragraphs to the paragraphs with no vocabulary term.
    """
    all_counts, all_terms = count_matrix(corpus.documents, min_df=1)
    df = np.asarray((all_counts > 0).sum(axis=0)).ravel()
    frequent = too_frequent_terms(corpus, max_df_share)
    rows = [
        ("paragraphs (documents)", len(corpus.paragraph_ids)),
        ("content-term occurrences", int(all_counts.sum())),
        ("distinct content terms", len(all_terms)),
        (f"terms in fewer than {min_df} paragraphs (removed)", int((df < min_df).sum())),
        (f"terms in more than {max_df_share:.0%} of paragraphs (removed)", len(frequent)),
        ("vocabulary (terms kept)", len(corpus.terms)),
        ("occurrences of vocabulary terms", int(corpus.counts.sum())),
        ("paragraphs with no vocabulary term", int((corpus.counts.sum(axis=1) == 0).sum())),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value"])


def max_topics(corpus: TopicCorpus) -> int:
    """The largest number of topics the document-term matrix supports.

    A model cannot have more topics than there are documents with a vocabulary
    term, or than vocabulary terms (scikit-learn's NMF then has no meaningful
    solution); on a short paper, or one whose vocabulary is removed by the
    document-frequency filters, this can be below the swept range.

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`topic_corpus`.

    Returns
    -------
    int
        min(documents with a vocabulary term, vocabulary terms).
    """
    docs = int((np.asarray(corpus.counts.sum(axis=1)).ravel() > 0).sum())
    return min(docs, len(corpus.terms))


def supported_ks(corpus: TopicCorpus, ks: Sequence[int] = TOPIC_K_RANGE) -> list[int]:
    """The numbers of topics of ``ks`` that :func:`max_topics` allows, in order.

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`topic_corpus`.
    ks : sequence of int, default :data:`analysis.settings.TOPIC_K_RANGE`
        The numbers of topics to sweep.

    Returns
    -------
    list of int
    """
    cap = max_topics(corpus)
    return [k for k in ks if k <= cap]
