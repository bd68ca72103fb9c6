"""The methods text of the appendix: templates rendered from facts and declared settings.

Like the captions, each paragraph is a template with no typed number: counts
and results come from the quoted facts (:func:`analysis.build.quoted.quoted_facts`:
the notebooks' saved facts, completed from the tables), thresholds from the
declared settings (:mod:`analysis.settings`). Citations use pandoc's syntax
and resolve against :mod:`analysis.build.bibliography`; ``@tab:`` and
``@fig:`` refer to the appendix's own tables and figures. A test renders every
template and checks that none holds a typed number, so the text cannot drift
from the data or quote a setting that is no longer in force.

A stage's paragraph is written only when the facts it quotes were measured on
this paper (:data:`METHODS` pairs each template with the facts it needs); when
a study configuration applies no coding dictionary, the text says so instead.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping

from analysis.build import facts

#: The appendix's methods text: (subsection heading, [templates]) in the order of the study.
METHODS: list[tuple[str, list[str]]] = [
    ("Corpus", [
        "The paper was read from its Markdown text, after its SHA-256 checksum was verified, "
        "into {n_sections} sections, {n_paragraphs} body paragraphs and {n_references} "
        "reference entries. Title, author and affiliation lines, dates, separators, the e-mail "
        "line and non-Latin watermark lines ({n_boilerplate_lines} lines in all) were set aside "
        "and counted; {n_rejoined_splits} paragraphs split by a page break were rejoined when "
        "the first part did not end a sentence or the second began in lower case. The body "
        "paragraphs hold {paper_source_words:,} source words as written, citations included, "
        "and {paper_words:,} words on the study's one denominator (@tab:vocabulary defines "
        "every count).",
    ]),
    ("Tokens and counts", [
        "Body text was tokenised after removing the in-text citations the citation parser "
        "reads (for a narrative citation, only its bracket). Tokens were lower-cased, "
        "possessive 's removed and lemmatised with {lemmatiser_name} [@barbaresi2026]; "
        "stopwords are the {stopwords_name} [@pedregosa2011], plus one-letter tokens and "
        "tokens containing digits. {n_expression_variants} name variants and multiword "
        "expressions were merged into {n_expression_terms} terms by greedy longest match "
        "within sentences (the study configuration's expressions lexicon, each entry with a "
        "note).",
        "Counts are of words (tokens after citation removal, a merged expression counted "
        "once, stopwords included in the denominator), made by scikit-learn's "
        "CountVectorizer; every rate in the study is per {RATE_BASE:,} words of the text it "
        "describes. TF-IDF [@salton1988] uses scikit-learn's TfidfTransformer with smoothed "
        "idf over sections. Dispersion across sections is the DP of @gries2008, with its "
        "normalised form [@lijffijt2012], and Juilland's D [@juilland1964], for terms "
        "occurring at least {DISPERSION_MIN_COUNT} times. Major sections are those with at "
        "least {MAJOR_MIN_WORDS} words ({n_major_sections} of the {n_sections} sections).",
    ]),
    ("Keyness and context", [
        "Keyness is the log-likelihood G² of the full contingency table "
        "[@dunning1993; @rayson2000], with the Log Ratio of @hardie2014 as its effect size "
        "(a zero count replaced by {log_ratio_zero}). Each major section is compared with "
        "the rest of the paper for every term occurring at least {MIN_FREQ} times "
        "({keyness_tests:,} tests). A test's p-value is that of Fisher's exact test "
        "[@fisher1922] where an expected cell of its two-by-two table is below "
        "{FISHER_MIN_EXPECTED}, and G²'s χ² approximation otherwise; a term is key in a "
        "section when it passes the screen (p < {SECTION_P:g}, |Log Ratio| ≥ "
        "{MIN_LOG_RATIO:g}), its Benjamini–Hochberg adjusted p-value [@benjamini1995] over "
        "all the tests is below {SECTION_FDR:g}, and, if it is more frequent in the section, "
        "it occurs in at least {KEY_MIN_PARAGRAPHS} of the section's paragraphs. Of "
        "{keyness_screened} screening hits, {keyness_survivors} pass. The paper's "
        "lower-cased word forms are compared with general English, wordfreq's "
        "'{REFERENCE_LANG}' frequencies [@speer2022] scaled to a notional reference of "
        "{REFERENCE_SIZE:,} tokens (made per token, since wordfreq counts word forms), with "
        "p < {REFERENCE_P:g} (G² ≥ {reference_g2_critical:.2f}) and the same correction; a "
        "form below wordfreq's floor (not listed, or estimated below its smallest listed "
        "frequency) is given the floor, so its G² and Log Ratio are lower bounds, not "
        "scores.",
        "Collocations of key terms are counted within ±{COLLOCATION_WINDOW} words inside a "
        "sentence and scored by G², PMI [@church1990] and the t-score [@evert2008], keeping "
        "pairs that co-occur at least {MIN_COLLOCATE_FREQ} times and pass p < "
        "{COLLOCATION_P:g} (G² ≥ {collocation_g2_critical:.2f}). N-grams of "
        "{ngram_sizes} words within sentences are kept from {NGRAM_MIN_FREQ} occurrences; "
        "concordance lines show {CONCORDANCE_WIDTH} characters either side.",
    ]),
    ("Topic models", [
        "Topic models take paragraphs as documents, with terms in at least {TOPIC_MIN_DF} "
        "paragraphs and at most {TOPIC_MAX_DF_SHARE:.0%} of them. LDA [@blei2003], by batch "
        "variational Bayes on counts, and NMF [@lee1999], randomly initialised, on TF-IDF, "
        "were fitted for k = {topic_k_min} to {topic_k_max} with {n_topic_seeds} seeds each on "
        "all paragraphs ({n_topic_fits} fits) and, with the reference fit's seed, on "
        "{TOPIC_RESAMPLES} subsamples of {TOPIC_RESAMPLE_SHARE:.0%} of the paragraphs "
        "({n_resample_fits} fits), {n_sweep_fits} fits in all, each single-threaded so that "
        "results do not depend on the number of cores. LDA stops when its perplexity on the "
        "paragraphs it is fitted on, checked every {LDA_EVALUATE_EVERY} iterations, changes "
        "by less than {LDA_PERP_TOL:g} of the paragraphs' unigram perplexity, or after "
        "{LDA_MAX_ITER} iterations; its held-out perplexity is measured on the paragraphs a "
        "subsample leaves out. Coherence is NPMI [@bouma2009] over "
        "sliding windows of {NPMI_WINDOW} terms [@roder2015] and UMass over paragraphs "
        "[@mimno2011], computed on the paper itself; stability is the mean Jaccard similarity "
        "of the top {TOPIC_TOP_TERMS} terms of topics matched one-to-one across seeds "
        "[@greene2014] by the Hungarian method [@kuhn1955]. The rule, fixed before the sweep "
        "was run: {selection_rule} It chose {topic_model} with k = {topic_k} (mean NPMI "
        "{topic_npmi:.3f}, mean stability {topic_stability:.2f}).",
    ]),
    ("Discourse coding and actors", [
        "Discourse coding uses a dictionary of {n_discourse_patterns} patterns in "
        "{n_sectors} security sectors ({sector_names}) after @buzan1998 and {n_frames} frames "
        "({frame_names}), matched on the tokens by longest match within a sentence, each word "
        "counted at most once per dimension; a validation sample of {VALIDATION_SAMPLE} "
        "matches per category (seed {VALIDATION_SEED}) is shown for checking precision. "
        "{n_actors} actors with {n_actor_variants} name variants are counted per section; "
        "predication counts evaluative words in the same sentence as an actor and ranks "
        "co-occurring content words by G² (the sentence as window, at least "
        "{MIN_COOCCURRENCE} shared sentences, G² ≥ {actor_g2_critical:.2f}, actors named in "
        "at least {MIN_ACTOR_SENTENCES} sentences). Heatmap colour scales are capped at the "
        "highest rate in a major section.",
    ]),
    ("Citations and repeated passages", [
        "In-text citations ({n_citations} found) are read and audited as follows. "
        "{citation_methods} Source kinds follow the first matching rule of: {source_kinds}.",
        "Repeated passages: {n_repeated_pairs} pairs are reported with a word-level "
        "comparison (Python's difflib).",
    ]),
    ("Stance and evidence", [
        "Stance and engagement markers follow @hyland2005, the interactional side of the "
        "metadiscourse model of @hyland2004: a lexicon of "
        "{stance_lexicon_items} markers in {stance_categories} categories (hedges, boosters, "
        "attitude markers and self-mention for stance; reader mention, directives, questions, "
        "appeals to shared knowledge and personal asides for engagement), the same for every "
        "paper, matched on lemmas by longest match within a sentence, with "
        "{stance_lexicon_rules} context rules that keep, drop or re-assign an ambiguous use. "
        "A marker inside quotation marks is the quoted speaker's and is not counted as the "
        "writers'. Rates are per {RATE_BASE:,} words on the study's one denominator; a sample "
        "of {STANCE_AUDIT_SAMPLE} matches per category (seed {STANCE_AUDIT_SEED}) is shown "
        "for checking precision. Published rates for research articles are compared only "
        "where they could be read in a citable source, here {stance_norm_sources}; a figure "
        "that could not be read is listed as not found, never filled in.",
        "{claims_definition} A claim counts as supported when a citation stands in its "
        "sentence or, under the '{CLAIM_SCOPE}' scope rule, later in the same paragraph "
        "before the next citation; the strict count (a citation in the sentence itself) is "
        "reported beside the generous one. The measure says which claims carry a citation, "
        "not whether they are true.",
    ]),
]

#: Said instead of a stage's text when the study configuration applies no dictionary.
NOT_APPLIED = {
    "Discourse coding and actors": "No coding dictionary was applied: the study configuration "
                                   "names no discourse or actor lexicon, so sectors, frames "
                                   "and actors were not measured.",
}

#: What the Software section says about the packages it cites.
SOFTWARE = (
    "The analysis runs in Python with the packages of @tab:software, pinned with their hashes "
    "in the lock file. Counting, TF-IDF and both topic models use scikit-learn "
    "[@pedregosa2011]; lemmas come from simplemma [@barbaresi2026] and general-English word "
    "frequencies from wordfreq [@speer2022]. The pypandoc-binary package bundles pandoc "
    "{pandoc_version} [@macfarlane2025], through which the Markdown test papers are read "
    "as an abstract syntax tree."
)


def _range(values) -> str:
    values = list(values)
    if len(values) > 2 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]} to {values[-1]}"
    return ", ".join(map(str, values[:-1])) + f" and {values[-1]}" if len(values) > 1 \
        else str(values[0])


def setting_facts() -> dict[str, object]:
    """Settings written out as the methods text quotes them (ranges, n-gram spans)."""
    from analysis import settings as s
    from analysis import stats

    return {"ngram_sizes": _range(s.NGRAM_SIZES),
            "reuse_word_ngrams": "{}-{}".format(*s.REUSE_WORD_NGRAMS),
            "reuse_char_ngrams": "{}-{}".format(*s.REUSE_CHAR_NGRAMS),
            "log_ratio_zero": inspect.signature(stats.log_ratio).parameters["zero"].default}


def pandoc_version() -> str:
    """The version of the pandoc that pypandoc-binary bundles."""
    import pypandoc

    return str(pypandoc.get_pandoc_version())


def methods_sections(quoted: Mapping[str, object]) -> list[tuple[str, list[str]]]:
    """The methods text rendered: (heading, paragraphs) per stage.

    Parameters
    ----------
    quoted : mapping
        The facts in force (:func:`analysis.build.quoted.quoted_facts`).

    Returns
    -------
    list of (str, list of str)
        Paragraphs in the appendix markup (citations and references unresolved).

    Raises
    ------
    analysis.build.facts.FactError
        If a template quotes a fact that was neither saved nor read from a table.
    """
    names = dict(quoted) | setting_facts()
    out = []
    for heading, templates in METHODS:
        needed = {n for t in templates for n in facts.placeholders(t)}
        missing = [n for n in needed if n not in facts.namespace(names)
                   or facts.namespace(names)[n] is None]
        if missing and heading in NOT_APPLIED:
            out.append((heading, [NOT_APPLIED[heading]]))
            continue
        out.append((heading, [facts.render(t, names, where=f"methods: {heading}")
                              for t in templates]))
    return out


def software_text() -> str:
    """The paragraph of the Software section."""
    return facts.render(SOFTWARE, {"pandoc_version": pandoc_version()}, where="software")
