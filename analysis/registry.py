"""The registry of every figure and table the study publishes.

Each output has one entry here: its name (the file stem), a caption that says
what it shows, in which unit, over which corpus and with which parameters, the
notebook that makes it, and for figures the journal column width. Captions
live here, once, and the methods appendix is generated from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Output:
    """One registered figure or table."""

    name: str
    caption: str
    notebook: str
    kind: Literal["figure", "table"] = "figure"
    width: Literal["single", "double"] = "single"
    #: For tables: whether the methods appendix prints it (the main tables only), and
    #: which rows (a pandas query, then the first ``rows``) and columns. A table's data
    #: is ``data/processed/<name>.csv``.
    appendix: bool = False
    columns: tuple[str, ...] = ()
    query: str = ""
    rows: int = 0


_ENTRIES = [
    # -- 01_corpus ----------------------------------------------------------
    Output("words_per_section",
           "Words per section of the paper, in reading order. Bars are body words "
           "(whitespace tokens with a letter or digit) under each heading, excluding "
           "subsections; headings are indented by level. Front matter, watermark lines "
           "and the reference list are excluded.",
           "01_corpus", width="double"),
    Output("sections",
           "Sections of the paper in reading order: heading level, parent, number of "
           "paragraphs after page-break splits were rejoined, and body words.",
           "01_corpus", kind="table", appendix=True,
           columns=("section_id", "level", "heading", "n_paragraphs", "n_words")),
    # -- 02_term_frequency ---------------------------------------------------
    Output("tokens",
           "The tokens table of the paper's body paragraphs: paragraph, section, sentence, "
           "position, surface form, lower case, lookup key (possessive 's dropped), simplemma "
           "lemma, stopword flag (scikit-learn English list, one-letter tokens, tokens with "
           "digits), term and unit (merged expressions share a unit). Citation parentheses "
           "removed.",
           "02_term_frequency", kind="table"),
    Output("expression_matches",
           "Every multiword expression and name variant merged into one term by "
           "data/lexicons/expressions.csv, with the number of times each variant was found in "
           "the body text (0 = listed but not found).",
           "02_term_frequency", kind="table",
           appendix=True, columns=("label", "variant", "kind", "n")),
    Output("section_sizes",
           "Sections with body text: tokens, words (units, a merged expression counting once, "
           "stopwords included: the denominator of every rate), content words (non-stop), "
           "first and last word in the running text, and whether the section is major "
           "(at least 150 words).",
           "02_term_frequency", kind="table"),
    Output("term_counts",
           "Count and rate per 1,000 words of every vocabulary term (lemma or merged "
           "expression, stopwords excluded) in every section where it occurs.",
           "02_term_frequency", kind="table"),
    Output("paper_terms",
           "Count and rate per 1,000 words of every vocabulary term in the whole paper "
           "(5,382 words), with the number of sections where it occurs.",
           "02_term_frequency", kind="table",
           appendix=True, columns=("rank", "label", "count", "rate", "n_sections"), rows=30),
    Output("term_dispersion",
           "Dispersion across the 15 sections with body text of every term occurring at least "
           "5 times: Gries' DP (0 = even, near 1 = concentrated), DP normalised by its maximum, "
           "and Juilland's D (1 = even).",
           "02_term_frequency", kind="table"),
    Output("tfidf_by_section",
           "TF-IDF of each term in each section (sections as documents; scikit-learn's "
           "TfidfTransformer with smoothed idf and unit-length section vectors), top 10 per "
           "section.",
           "02_term_frequency", kind="table"),
    Output("top_terms",
           "The 20 most frequent vocabulary terms of the paper, in occurrences per 1,000 words "
           "(bar) and count (number). Terms are lemmas or merged expressions, labelled by "
           "their most frequent written form; stopwords (scikit-learn English list) excluded; "
           "citation parentheses removed.",
           "02_term_frequency"),
    Output("section_top_terms",
           "The 8 most frequent vocabulary terms of each major section (at least 150 words), "
           "in occurrences per 1,000 words of that section (bar) and count (number); all "
           "panels share the x axis. Ties in count are broken alphabetically.",
           "02_term_frequency", width="double"),
    Output("term_xray",
           "Dispersion plot of nine central terms across the paper's running text (5,382 "
           "words, citations removed): each tick is one occurrence, counts in brackets. Thin "
           "lines mark section boundaries; major sections (at least 150 words) are shaded in "
           "alternation and labelled above; the unlabelled stretch after Topic Importance "
           "holds the seven short research-design and definition sections.",
           "02_term_frequency", width="double"),
    # -- 03_keyness_and_context ----------------------------------------------
    Output("reference_keyness",
           "Keyness of the paper's word forms (lower case, unmerged, stopwords excluded) "
           "against general English (wordfreq 'en' frequencies as a notional reference of "
           "10^9 tokens): count, rates per 1,000 tokens, Zipf value, log-likelihood G2, "
           "p-value and Log Ratio. Tested: forms with at least 3 occurrences, and those of "
           "wordfreq's 2,000 most frequent words expected at least once in a text of this "
           "size. Key = G2 >= 15.14 (p < 0.0001) and |Log Ratio| >= 1.",
           "03_keyness_and_context", kind="table",
           appendix=True, columns=("written", "count", "rate", "ref_rate", "g2", "log_ratio"),
           query="key == True", rows=30),
    Output("reference_keyness_bars",
           "Word forms of the paper most distinctive against general English (wordfreq "
           "frequencies): the 20 key word forms with the largest G2 on each side in each panel, "
           "drawn as Log Ratio (log2 of the paper's rate over English's; 1 = twice as "
           "frequent). Filters: G2 >= 15.14 (p < 0.0001), |Log Ratio| >= 1, at least 3 "
           "occurrences. Capitalised forms (capital in at least half of their occurrences "
           "inside a sentence) are shown apart. Hatched: not listed by wordfreq (ratio rests "
           "on a 0.5 stand-in count).",
           "03_keyness_and_context", width="double"),
    Output("section_keyness",
           "Keyness of each major section (at least 150 words) against the rest of the paper: "
           "counts, rates per 1,000 words, G2, p-value and Log Ratio of every term occurring "
           "at least 3 times in the paper. Key = G2 >= 6.63 (p < 0.01) and |Log Ratio| >= 1.",
           "03_keyness_and_context", kind="table"),
    Output("section_keyness_bars",
           "Key terms of each major section against the rest of the paper, as Log Ratio; up "
           "to 6 terms on each side with the largest G2, count in the section in brackets. "
           "Filters: G2 >= 6.63 (p < 0.01), |Log Ratio| >= 1, at least 3 occurrences in the "
           "paper.",
           "03_keyness_and_context", width="double"),
    Output("collocations",
           "Collocates of six central terms within 5 running words on either side in the same "
           "sentence: co-occurrences (at least 3), collocate frequency, window size, expected "
           "count, G2, p-value, PMI and t-score; significant = G2 >= 6.63 (p < 0.01).",
           "03_keyness_and_context", kind="table",
           appendix=True, columns=("node", "collocate", "together", "g2", "pmi", "t_score"),
           query="significant == True"),
    Output("ngrams",
           "Two- to four-word sequences occurring at least 3 times within sentences (lower-case "
           "word forms; sequences starting or ending with a stopword, or containing a number, "
           "dropped).",
           "03_keyness_and_context", kind="table"),
    Output("concordances",
           "Keyword-in-context lines of six central terms (every spelling merged into each "
           "term), 45 characters of context on each side, within the paragraph.",
           "03_keyness_and_context", kind="table"),
    # -- 04_topic_models -----------------------------------------------------
    Output("topic_sweep",
           "Topic-model sweep: one row per model (LDA on counts, NMF on TF-IDF), number of "
           "topics k (2-12) and seed (0-9), fitted on the paper's 61 body paragraphs "
           "(terms in at least 3 and at most half of the paragraphs). Scores use each "
           "topic's top 10 terms: NPMI over 10-term sliding windows, UMass over paragraphs, "
           "stability (mean Hungarian-matched top-term Jaccard with the other seeds' fits) "
           "and agreement with the other model's fits at the same k.",
           "04_topic_models", kind="table"),
    Output("topic_selection",
           "Topic-model settings summarised over 10 seeds: mean, standard deviation and "
           "standard error of NPMI, UMass, stability and LDA-NMF agreement per model and "
           "number of topics, with the ranks and rank sum of the selection rule and the "
           "chosen setting.",
           "04_topic_models", kind="table",
           appendix=True, columns=("model", "k", "npmi_mean", "umass_mean", "stability_mean",
                                   "cross_mean", "rank_sum", "chosen")),
    Output("topic_sweep_curves",
           "Coherence (NPMI over 10-term sliding windows; UMass over paragraphs), stability "
           "across seeds and LDA-NMF agreement (both the mean Hungarian-matched Jaccard "
           "similarity of top-10 term sets) against the number of topics, for LDA and NMF "
           "fitted on the paper's body paragraphs. Lines are means over 10 seeds, bands one "
           "standard deviation, dots single fits; the ring marks the setting chosen by the "
           "rank-sum rule.",
           "04_topic_models", width="double"),
    Output("topic_terms",
           "Top 10 terms of each topic of the chosen topic model (reference seed), with the "
           "term's weight in the topic (topic-term weights normalised to sum to 1), and for "
           "each topic its NPMI, UMass, share of the paper's modelled terms and stability "
           "across the other seeds.",
           "04_topic_models", kind="table",
           appendix=True, columns=("topic", "rank", "label", "weight")),
    Output("topic_top_terms",
           "Top 10 terms of each topic of the chosen topic model, fitted on the paper's "
           "body paragraphs; bar length is the term's weight in the topic (weights "
           "normalised to sum to 1 over the vocabulary). Merged names are shown with their "
           "lexicon label.",
           "04_topic_models", width="double"),
    Output("topic_sections",
           "Topic shares per section of the paper, in reading order: the paragraph-topic "
           "shares of the chosen topic model averaged over each section's paragraphs, "
           "weighted by the number of modelled term occurrences in each paragraph.",
           "04_topic_models", kind="table"),
    Output("topic_section_heatmap",
           "Share of each section's modelled text assigned to each topic of the chosen topic "
           "model, sections in reading order (paragraph-topic shares weighted by the "
           "paragraph's modelled term occurrences; the number of those occurrences is given "
           "after each section label). Sections without paragraphs of their own are omitted.",
           "04_topic_models", width="double"),
    Output("topic_agreement",
           "Topics of the chosen model matched one-to-one with those of the other model "
           "family at the same number of topics (Hungarian method on the Jaccard similarity "
           "of top-10 term sets), with their shared top terms; a pair corresponds when the "
           "similarity is at least 0.25 (4 shared terms of 10).",
           "04_topic_models", kind="table"),
    # -- 05_discourse --------------------------------------------------------
    Output("discourse_sectors",
           "Buzan's five security sectors, as the paper lists them, coded in each section: "
           "dictionary hits per 1,000 words of the section (tokens table) with raw counts in "
           "brackets; sections in reading order with their words, the whole paper last. The "
           "sectors the paper's research goal names (military, political, economic) are marked. "
           "Dictionary data/lexicons/discourse_categories.csv, greedy longest match on lemmas "
           "within sentences, each token counted at most once per dimension; merged names are "
           "not coded by their parts. Colour scale capped at the highest rate in a section of "
           "at least 200 words; two headings with no text of their own are omitted.",
           "05_discourse", width="double"),
    Output("discourse_focus",
           "Whole-paper rate of every sector and frame of the coding dictionary, hits per "
           "1,000 words (count beside each bar); the three sectors named in the paper's "
           "research goal in orange, the other sectors in blue, frames in grey. Sectors and "
           "frames are coded independently, so a word can count once in each.",
           "05_discourse"),
    Output("discourse_frames",
           "The paper's recurrent frames coded in each section: dictionary hits per 1,000 words "
           "of the section with raw counts in brackets; sections in reading order, the whole "
           "paper last. Same dictionary, matching and colour rule as the sector figure.",
           "05_discourse", width="double"),
    Output("actor_sections",
           "Mentions of the most mentioned actors in each section, per 1,000 words of the "
           "section with raw counts in brackets. A mention is any name, designation, "
           "abbreviation, adjective or demonym listed for the actor in data/lexicons/actors.csv "
           "(longest match on written forms); pronouns are not resolved. Colour scale as in the "
           "sector figure.",
           "05_discourse", width="double"),
    Output("actor_naming",
           "Nomination: for each actor named under more than one name, the share of its "
           "mentions under each name as written in the paper, coloured by the form of the name "
           "(name, surname, title, abbreviation, designation, adjective, demonym). Mentions per "
           "actor in brackets.",
           "05_discourse", width="double"),
    Output("actor_comention_network",
           "Co-mention of actors: nodes are actors with at least 5 mentions (area grows with "
           "mentions, in brackets); an edge joins two actors named in the same sentence at least "
           "twice, its width growing with the number of such sentences. Actors are placed on a "
           "circle in order of mentions, clockwise from the top; positions carry no further "
           "meaning.",
           "05_discourse", width="double"),
    Output("discourse_coding",
           "Sector and frame hits per section: dimension, category, section_id, words (tokens "
           "in the section), n (hits) and rate per 1,000 words; zeros included, section 'all' "
           "is the whole paper.",
           "05_discourse", kind="table",
           appendix=True, columns=("dimension", "category", "n", "rate"),
           query="section_id == 'all'"),
    Output("discourse_matches",
           "Every sector and frame match with its context: dimension, category, pattern, match "
           "type, location (section, paragraph, sentence, token positions), the words as "
           "written and up to 70 characters of context on each side.",
           "05_discourse", kind="table"),
    Output("discourse_pattern_hits",
           "Each row of the coding dictionary with its number of hits in the paper, zeros "
           "included, so the whole dictionary that was applied is visible.",
           "05_discourse", kind="table"),
    Output("discourse_validation",
           "Validation sample: up to 5 matches per sector and frame drawn at random with seed 5, "
           "in reading order, with their context, for a reader to judge the coding's precision.",
           "05_discourse", kind="table"),
    Output("actor_mentions",
           "Every actor mention: actor, type, the lexicon variant matched, its form, the words "
           "as written, location and context.",
           "05_discourse", kind="table"),
    Output("actor_section_counts",
           "Mentions of every actor in every section with text: words (tokens in the "
           "section), n (mentions) and rate per 1,000 words; zeros included, section 'all' is "
           "the whole paper.",
           "05_discourse", kind="table"),
    Output("actor_nomination",
           "Nomination: each name listed for each actor with the number of times the paper uses "
           "it, its share of the actor's mentions and the sections where it occurs; names never "
           "used stay with 0.",
           "05_discourse", kind="table",
           appendix=True, columns=("actor", "variant", "form", "n", "share")),
    Output("actor_predication",
           "Predication, dictionary-based: for each actor and each evaluative word or label of "
           "data/lexicons/evaluations.csv, the number of sentences naming the actor that also "
           "contain the word (words inside an actor's name excluded), the sections, and the "
           "first such sentence with the actor in [brackets] and the word in «guillemets». "
           "Co-occurrence in a sentence, not a parse: the evidence shows what the word is said "
           "of.",
           "05_discourse", kind="table"),
    Output("actor_predication_evidence",
           "Every sentence behind the predication table (concordance), with the actor and the "
           "word marked.",
           "05_discourse", kind="table"),
    Output("actor_collocates",
           "Predication, data-driven: content words (non-stopword terms outside actors' names) "
           "over-represented in the sentences naming each actor, ranked by log-likelihood G2 "
           "over sentences (O11 sentences with both, R1 with the actor, C1 with the word, N all "
           "sentences), with PMI; kept if O11 >= 3, O11 above expectation and G2 >= 3.84, for "
           "actors named in at least 5 sentences, top 8 per actor, with the first sentence "
           "containing both.",
           "05_discourse", kind="table"),
    Output("actor_comention",
           "Co-mention: pairs of actors and the number of sentences naming both.",
           "05_discourse", kind="table"),
    # -- 06_citations_and_reuse ----------------------------------------------
    Output("citation_density",
           "In-text citations per section of the paper, in reading order. Left: citations "
           "per 1,000 body words of the section's own paragraphs (count in brackets); right: "
           "share of the section's paragraphs with no in-text citation (uncited/all). "
           "Citations are the author-year, news-code and article forms parsed by "
           "analysis.citations; the reference list and front matter are excluded.",
           "06_citations_and_reuse", width="double"),
    Output("repeated_passages_map",
           "Where near-identical passages sit in the paper. Bottom: each body paragraph's "
           "highest similarity to any other paragraph (mean of the cosines of word 1-2-gram "
           "and character 3-5-gram TF-IDF vectors, IDF fitted on the paper's paragraphs), "
           "with the reporting threshold dashed. Top: each reported pair joined by an arc "
           "(solid: whole paragraphs; dotted: two-sentence windows), labelled with its "
           "similarity. Alternate sections shaded.",
           "06_citations_and_reuse", width="double"),
    Output("similarity_distribution",
           "Distribution of pairwise similarity (mean of word 1-2-gram and character "
           "3-5-gram TF-IDF cosines) over all pairs of distinct body paragraphs and all "
           "pairs of two-sentence windows from different paragraphs, as shares of pairs "
           "in bins of 0.02 on a log scale; the dashed line is the reporting threshold.",
           "06_citations_and_reuse"),
    Output("citations",
           "Every in-text citation in the body: paragraph, section, form (parenthetical, "
           "news, legal, narrative), authors and year as written, locator and its kind, "
           "normalised first-author key, match status against the reference list and the "
           "matching entries.",
           "06_citations_and_reuse", kind="table",
           columns=("citation_id", "paragraph_id", "section_id", "form", "authors", "year",
                    "locator", "status", "reference_ids")),
    Output("citation_audit",
           "Citation audit, one row per finding: works cited and matched, cited with a year "
           "the list does not have for that author, cited but not in the list, listed but "
           "never cited, and possible duplicate entries, each with its evidence. Matching "
           "is on the first author's normalised surname and the year.",
           "06_citations_and_reuse", kind="table",
           columns=("category", "cited_as", "year", "reference_ids", "evidence"),
           appendix=True),
    Output("repeated_passages",
           "Pairs of passages at or above the similarity threshold, with their similarity, "
           "word counts, and a word-level comparison ([-deleted-], {+inserted+}) from "
           "difflib's SequenceMatcher over case-folded words.",
           "06_citations_and_reuse", kind="table",
           appendix=True, columns=("pair_id", "paragraph_a", "paragraph_b", "similarity", "diff")),
]

OUTPUTS: dict[str, Output] = {entry.name: entry for entry in _ENTRIES}
if len(OUTPUTS) != len(_ENTRIES):
    raise RuntimeError("analysis.registry: an output name is registered twice")


def figures() -> list[Output]:
    """Registered figures in registry order."""
    return [o for o in OUTPUTS.values() if o.kind == "figure"]


def tables() -> list[Output]:
    """Registered tables in registry order."""
    return [o for o in OUTPUTS.values() if o.kind == "table"]


def get(name: str, kind: str = "figure") -> Output:
    """The registry entry called ``name``; a clear error if it is not registered."""
    entry = OUTPUTS.get(name)
    if entry is None or entry.kind != kind:
        raise KeyError(f"{kind} {name!r} is not registered in analysis/registry.py; "
                       "add it there with its caption and notebook")
    return entry
