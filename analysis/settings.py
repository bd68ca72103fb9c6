"""Every setting that shapes a result, in one place, each declared with what it does.

Stage functions take these as parameter defaults, so a caller can change one
explicitly; the methods appendix prints the declared list (:func:`declared`),
so a reader sees every value in force. What is specific to one paper (term
lists, lexicons, stated focus) is not here: it lives in that paper's study
configuration (:mod:`analysis.config`).

A declaration is the value, a short label, a sentence on what it does, and
the stage where it applies; :func:`declared` returns them in the order of the
study. Names are unique across the study (a test checks that each declared
value is the module attribute of that name).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One declared setting.

    Attributes
    ----------
    name : str
        The constant's name in this module.
    value : object
        Its value.
    label : str
        A short label in words, for tables.
    description : str
        What it does, in one sentence.
    stage : str
        Where it applies (a stage of the study).
    """

    name: str
    value: object
    label: str
    description: str
    stage: str


_DECLARED: list[Setting] = []


def _declare(name: str, value, label: str, description: str, stage: str):
    _DECLARED.append(Setting(name, value, label, description, stage))
    return value


def declared(stage: str | None = None) -> list[Setting]:
    """The declared settings, in the order of the study's stages (of one ``stage`` if given)."""
    return [s for s in _DECLARED if stage is None or s.stage == stage]


def as_table(stage: str | None = None):
    """The declared settings (of one ``stage`` if given) as a DataFrame: setting, value,
    what it does."""
    import pandas as pd

    return pd.DataFrame([(s.name, s.value, s.description) for s in declared(stage)],
                        columns=["setting", "value", "what it does"])


# ---------------------------------------------------------------------------
# Counting: the one vocabulary (see analysis.vocabulary)

RATE_BASE = _declare(
    "RATE_BASE", 1000, "Rate base",
    "Every rate is occurrences per this many words of the text it describes.", "all rates")
MAJOR_MIN_WORDS = _declare(
    "MAJOR_MIN_WORDS", 150, "Major section",
    "A section with at least this many words is a major section: only major sections are "
    "compared with each other or tested against the rest, and they set the top of heatmap "
    "colour scales.", "sections")

SHORT_SECTION_WORDS = _declare(
    "SHORT_SECTION_WORDS", 100, "Short section",
    "Sections under this many words are reported as short (their rates rest on few words).",
    "sections")

# ---------------------------------------------------------------------------
# Corpus: the parsed paper (notebook 01)

SECTIONS_DRAWN = _declare(
    "SECTIONS_DRAWN", 40, "Section bars drawn",
    "At most this many bars in the words-per-section figure: beyond it, subsections are "
    "counted with their top-level section, and if that is still too many, the smallest "
    "rows are summed into one bar.", "corpus")

# ---------------------------------------------------------------------------
# Term frequency

DISPERSION_MIN_COUNT = _declare(
    "DISPERSION_MIN_COUNT", 5, "Dispersion minimum",
    "Terms with at least this many occurrences in the paper get a dispersion measure.",
    "term frequency")
TOP_TERMS_SHOWN = _declare(
    "TOP_TERMS_SHOWN", 20, "Top terms shown",
    "Number of the paper's most frequent terms drawn and tabulated.", "term frequency")
SECTION_TERMS_SHOWN = _declare(
    "SECTION_TERMS_SHOWN", 8, "Top terms per section",
    "Number of most frequent terms drawn for each major section.", "term frequency")
TFIDF_TERMS_KEPT = _declare(
    "TFIDF_TERMS_KEPT", 10, "TF-IDF terms per section",
    "Number of highest-weighted TF-IDF terms kept per section.", "term frequency")
SECTION_PANELS_MAX = _declare(
    "SECTION_PANELS_MAX", 12, "Section panels drawn",
    "Small multiples of sections draw at most this many (the largest major sections, or for "
    "keyness those with the most key terms); every section stays in the tables.",
    "term frequency, keyness")
XRAY_LABELS_MAX = _declare(
    "XRAY_LABELS_MAX", 12, "Sections labelled",
    "The dispersion plot labels and shades at most this many major sections, the largest "
    "first, each far enough from the last for its label not to overlap.", "term frequency")
XRAY_LABEL_GAP = _declare(
    "XRAY_LABEL_GAP", 0.06, "Label spacing",
    "The least distance between two labelled sections' midpoints in the dispersion plot, as "
    "a share of the running text.", "term frequency")
XRAY_BOUNDARIES_MAX = _declare(
    "XRAY_BOUNDARIES_MAX", 60, "Boundaries drawn",
    "The dispersion plot draws every section boundary when the paper has at most this many "
    "sections with words; otherwise only those of the labelled sections.", "term frequency")
PREFERRED_MIN_FOUND = _declare(
    "PREFERRED_MIN_FOUND", 3, "Curated terms needed",
    "A curated term list of the study configuration is used only if at least this many of "
    "its terms occur in the paper; otherwise the paper's most frequent terms are used.",
    "term frequency, context")

# ---------------------------------------------------------------------------
# Keyness

SECTION_P = _declare(
    "SECTION_P", 0.01, "Section keyness p",
    "Significance level of log-likelihood G2 for a section against the rest of the paper.",
    "keyness")
REFERENCE_P = _declare(
    "REFERENCE_P", 0.0001, "Reference keyness p",
    "Significance level of log-likelihood G2 for the paper against general English.",
    "keyness")
SECTION_FDR = _declare(
    "SECTION_FDR", 0.05, "Section keyness FDR",
    "False discovery rate at which the Benjamini-Hochberg correction over every "
    "section-against-rest test is made; a key term's adjusted p-value is below it.",
    "keyness")
FISHER_MIN_EXPECTED = _declare(
    "FISHER_MIN_EXPECTED", 5, "Exact-test rule",
    "A section-against-rest test uses Fisher's exact test where any expected cell of its "
    "2x2 table is below this (Cochran's rule), G2's chi-squared p-value otherwise.",
    "keyness")
KEY_MIN_PARAGRAPHS = _declare(
    "KEY_MIN_PARAGRAPHS", 2, "Key-term paragraphs",
    "A term more frequent in a section is key there only if it occurs in at least this many "
    "of the section's paragraphs (a dispersion guard).", "keyness")
MIN_LOG_RATIO = _declare(
    "MIN_LOG_RATIO", 1.0, "Minimum |Log Ratio|",
    "A key term must be at least twice (or half) as frequent: |Log Ratio| >= this.", "keyness")
MIN_FREQ = _declare(
    "MIN_FREQ", 3, "Minimum frequency",
    "Terms with fewer occurrences in the paper are not tested for keyness.", "keyness")
REFERENCE_SIZE = _declare(
    "REFERENCE_SIZE", 1_000_000_000, "Reference size",
    "Notional size, in tokens, of the general-English reference built from wordfreq's "
    "proportions.", "keyness")
REFERENCE_LANG = _declare(
    "REFERENCE_LANG", "en", "Reference language",
    "wordfreq word list used as general English.", "keyness")
REFERENCE_TOP = _declare(
    "REFERENCE_TOP", 2000, "Common English words tested",
    "wordfreq's most frequent words also tested, so that words the paper avoids can show "
    "as negative keys.", "keyness")
CAPITALISED_SHARE = _declare(
    "CAPITALISED_SHARE", 0.5, "Capitalised share",
    "A word form written with a capital in at least this share of its sentence-internal "
    "occurrences is grouped with names and acronyms.", "keyness")
REFERENCE_KEYS_SHOWN = _declare(
    "REFERENCE_KEYS_SHOWN", 20, "Reference keys drawn",
    "Key word forms drawn on each side of each panel against general English.", "keyness")
SECTION_KEYS_SHOWN = _declare(
    "SECTION_KEYS_SHOWN", 6, "Section keys drawn",
    "Key terms drawn on each side for each major section.", "keyness")

# ---------------------------------------------------------------------------
# Context

COLLOCATION_WINDOW = _declare(
    "COLLOCATION_WINDOW", 5, "Collocation window",
    "Running words on each side of a node, inside its sentence, that count as its context.",
    "context")
MIN_COLLOCATE_FREQ = _declare(
    "MIN_COLLOCATE_FREQ", 3, "Minimum co-occurrence",
    "A collocate must occur at least this often inside the node's windows.", "context")
COLLOCATION_P = _declare(
    "COLLOCATION_P", 0.01, "Collocation p",
    "Significance level of a collocation's log-likelihood G2.", "context")
NGRAM_SIZES = _declare(
    "NGRAM_SIZES", (2, 3, 4), "N-gram lengths",
    "Lengths of the word sequences counted within sentences.", "context")
NGRAM_MIN_FREQ = _declare(
    "NGRAM_MIN_FREQ", 3, "N-gram minimum",
    "An n-gram is listed if it occurs at least this often.", "context")
CONCORDANCE_WIDTH = _declare(
    "CONCORDANCE_WIDTH", 45, "Concordance context",
    "Characters of context on each side of a concordance line.", "context")

# ---------------------------------------------------------------------------
# Topic models

TOPIC_MODELS = _declare(
    "TOPIC_MODELS", ("lda", "nmf"), "Models",
    "Topic-model families fitted (LDA on counts, NMF on TF-IDF).", "topics")
TOPIC_K_RANGE = _declare(
    "TOPIC_K_RANGE", tuple(range(2, 13)), "Numbers of topics",
    "Numbers of topics k swept.", "topics")
TOPIC_SEEDS = _declare(
    "TOPIC_SEEDS", tuple(range(10)), "Seeds",
    "Random seeds fitted per model and number of topics.", "topics")
TOPIC_MIN_DF = _declare(
    "TOPIC_MIN_DF", 3, "Minimum document frequency",
    "A term enters the topic vocabulary if it occurs in at least this many paragraphs.",
    "topics")
TOPIC_MAX_DF_SHARE = _declare(
    "TOPIC_MAX_DF_SHARE", 0.5, "Maximum document share",
    "... and in at most this share of the paragraphs.", "topics")
TOPIC_TOP_TERMS = _declare(
    "TOPIC_TOP_TERMS", 10, "Top terms per topic",
    "Heaviest terms per topic used for coherence, stability and display.", "topics")
NPMI_WINDOW = _declare(
    "NPMI_WINDOW", 10, "NPMI window",
    "Width, in content terms, of the sliding window for NPMI co-occurrence.", "topics")
LDA_MAX_ITER = _declare(
    "LDA_MAX_ITER", 100, "LDA iteration cap",
    "Iteration cap of LDA's batch variational Bayes (it stops earlier at its tolerance).",
    "topics")
LDA_EVALUATE_EVERY = _declare(
    "LDA_EVALUATE_EVERY", 10, "LDA convergence check",
    "LDA's perplexity on the paragraphs it is fitted on is checked every this many "
    "iterations.", "topics")
LDA_PERP_TOL = _declare(
    "LDA_PERP_TOL", 0.0005, "LDA tolerance",
    "LDA stops when its perplexity changes by less than this share of the paragraphs' "
    "unigram perplexity between two checks.", "topics")
NMF_MAX_ITER = _declare(
    "NMF_MAX_ITER", 1000, "NMF iteration cap",
    "Iteration cap of NMF's coordinate descent (it stops earlier at its tolerance).",
    "topics")
TOPIC_MATCH_THRESHOLD = _declare(
    "TOPIC_MATCH_THRESHOLD", 0.25, "Topic correspondence",
    "Two topics correspond when the Jaccard similarity of their top-term sets is at least "
    "this.", "topics")
TOPIC_RESAMPLES = _declare(
    "TOPIC_RESAMPLES", 10, "Document resamples",
    "Random subsamples of the paragraphs fitted per model and number of topics (subsample i "
    "with seed i), for stability under document resampling.", "topics")
TOPIC_RESAMPLE_SHARE = _declare(
    "TOPIC_RESAMPLE_SHARE", 0.8, "Resample share",
    "Share of the paragraphs in each subsample, drawn without replacement (Greene et al. "
    "2014); the rest is held out for LDA's perplexity.", "topics")
SECTION_ROWS_SHOWN = _declare(
    "SECTION_ROWS_SHOWN", 40, "Heatmap rows",
    "The topic-by-section heatmap shows at most this many rows; a longer paper's sections "
    "are merged into runs of consecutive sections.", "topics")
ROBUST_RETURN_SHARE = _declare(
    "ROBUST_RETURN_SHARE", 0.8, "Robustness bar",
    "A setting is robust when on average at least this share of its reference topics "
    "return (reach the topic correspondence) across the other seeds and across the "
    "document resamples.", "topics")

# ---------------------------------------------------------------------------
# Discourse coding and actors

CONTEXT_CHARS = _declare(
    "CONTEXT_CHARS", 70, "Match context",
    "Characters of context shown on each side of a coded match (discourse categories, actors, "
    "stance and engagement markers).", "discourse, stance")
HEATMAP_MAX_SECTIONS = _declare(
    "HEATMAP_MAX_SECTIONS", 24, "Heatmap rows drawn",
    "Rows of a section heatmap at most: with more sections, the longest are drawn in reading "
    "order and the others pooled in one row, so the figure stays legible.", "discourse")
VALIDATION_SAMPLE = _declare(
    "VALIDATION_SAMPLE", 5, "Validation sample",
    "Matches drawn per category for a reader to judge the coding's precision.", "discourse")
VALIDATION_SEED = _declare(
    "VALIDATION_SEED", 5, "Validation seed",
    "Seed of the validation sample.", "discourse")
MIN_COOCCURRENCE = _declare(
    "MIN_COOCCURRENCE", 3, "Actor collocate minimum",
    "A content word is ranked for an actor only if they share at least this many sentences.",
    "actors")
MIN_ACTOR_SENTENCES = _declare(
    "MIN_ACTOR_SENTENCES", 5, "Actor sentences",
    "Actors named in fewer sentences get no data-driven collocate ranking.", "actors")
ACTOR_COLLOCATE_P = _declare(
    "ACTOR_COLLOCATE_P", 0.05, "Actor collocate p",
    "Significance level of an actor collocate's log-likelihood G2.", "actors")
TOP_COLLOCATES = _declare(
    "TOP_COLLOCATES", 8, "Collocates per actor",
    "Collocates kept per actor, by G2.", "actors")
EVIDENCE_EXAMPLES = _declare(
    "EVIDENCE_EXAMPLES", 1, "Evidence sentences",
    "Evidence sentences shown per actor-word pair in the predication table.", "actors")
ACTORS_SHOWN = _declare(
    "ACTORS_SHOWN", 10, "Actors drawn",
    "Most mentioned actors drawn in the actor heatmap and co-mention matrix.", "actors")
NAMING_MAX_ACTORS = _declare(
    "NAMING_MAX_ACTORS", 20, "Actors in the naming figure",
    "At most this many actors named in more than one way (the most mentioned) are drawn in the "
    "nomination figure; every actor is in its table.", "actors")
NETWORK_MIN_MENTIONS = _declare(
    "NETWORK_MIN_MENTIONS", 5, "Network minimum mentions",
    "Actors with at least this many mentions are nodes of the co-mention network.", "actors")
NETWORK_MAX_ACTORS = _declare(
    "NETWORK_MAX_ACTORS", 16, "Network actors drawn",
    "At most this many actors (the most mentioned) are nodes of the co-mention network, so "
    "its labels stay legible on long papers.", "actors")
NETWORK_MIN_SENTENCES = _declare(
    "NETWORK_MIN_SENTENCES", 2, "Network minimum sentences",
    "Two actors are joined in the network if they share at least this many sentences.",
    "actors")

# ---------------------------------------------------------------------------
# Stance, engagement and evidence

STANCE_AUDIT_SAMPLE = _declare(
    "STANCE_AUDIT_SAMPLE", 5, "Stance audit sample",
    "Markers drawn per stance or engagement category, each shown in its sentence, for a reader "
    "to judge the coding's precision.", "stance")
STANCE_AUDIT_SEED = _declare(
    "STANCE_AUDIT_SEED", 7, "Stance audit seed",
    "Seed of the stance audit sample.", "stance")
CLAIM_SCOPE = _declare(
    "CLAIM_SCOPE", "backward", "Citation scope",
    "Which sentences a citation supports: 'backward' (its own sentence and the uncited "
    "sentences before it in the paragraph, back to the previous citation) or 'sentence' (its "
    "own sentence only, reported beside it in every case).", "stance")
CLAIM_KINDS = _declare(
    "CLAIM_KINDS", ("label", "evaluation"), "Evaluative kinds in claims",
    "Kinds of the evaluation lexicon that make a sentence a claim and add to its strength, "
    "besides boosters: descriptive labels ('terrorist') and evaluative words ('undeniable').",
    "stance")
CLAIMS_SHOWN = _declare(
    "CLAIMS_SHOWN", 10, "Unsupported claims shown",
    "Strongest claims without a supporting citation listed with their text.", "stance")

# ---------------------------------------------------------------------------
# Citations and repeated passages

TITLE_SIMILARITY = _declare(
    "TITLE_SIMILARITY", 0.85, "Title similarity",
    "Two entries by the same first author may list one work twice if at least this share of "
    "the shorter title's words appear in order in the other.", "citations")
TITLE_MIN_WORDS = _declare(
    "TITLE_MIN_WORDS", 4, "Title minimum",
    "Titles shorter than this many words are not compared.", "citations")
TITLE_MENTION_SIMILARITY = _declare(
    "TITLE_MENTION_SIMILARITY", 0.6, "Named title",
    "A quoted phrase names a reference entry when its author is named in the same paragraph "
    "and at least this share of the phrase's words appear, in order, in the entry's title "
    "(and no other entry of that author scores as high).", "citations")
QUOTE_MIN_WORDS = _declare(
    "QUOTE_MIN_WORDS", 4, "Quotation minimum",
    "Text in quotation marks is a direct quotation (rather than a term) from this many words.",
    "citations")
SIMILARITY_THRESHOLD = _declare(
    "SIMILARITY_THRESHOLD", 0.42, "Repetition threshold",
    "Passages at or above this similarity (mean of word and character TF-IDF cosines) are "
    "reported as repeated; set from this paper's similarity distribution "
    "(analysis.reuse).", "repeated passages")
REUSE_WORD_NGRAMS = _declare(
    "REUSE_WORD_NGRAMS", (1, 2), "Word n-grams",
    "Word n-gram range of the word TF-IDF vectors.", "repeated passages")
REUSE_CHAR_NGRAMS = _declare(
    "REUSE_CHAR_NGRAMS", (3, 5), "Character n-grams",
    "Character n-gram range of the char_wb TF-IDF vectors.", "repeated passages")
REUSE_WINDOW = _declare(
    "REUSE_WINDOW", 2, "Sentence window",
    "Sentences per window when windows rather than paragraphs are compared.",
    "repeated passages")
HISTOGRAM_BIN = _declare(
    "HISTOGRAM_BIN", 0.02, "Histogram bin",
    "Bin width of the similarity histogram.", "repeated passages")
SENTENCE_SIMILARITY_THRESHOLD = _declare(
    "SENTENCE_SIMILARITY_THRESHOLD", 0.33, "Sentence repetition threshold",
    "Sentences from different paragraphs at or above this similarity are reported as restating "
    "each other; set from this paper's sentence-pair similarity distribution "
    "(analysis.restatement).", "repeated passages")
SENTENCE_MIN_WORDS = _declare(
    "SENTENCE_MIN_WORDS", 6, "Sentence minimum",
    "Sentences with fewer source words (citations removed) are not compared.",
    "repeated passages")
