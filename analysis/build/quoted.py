"""The quantities the methods appendix and the README quote, each read from where it is kept.

The notebooks save the facts their own text quotes
(:func:`analysis.build.facts.save_facts`). The appendix and the README quote
a few more, about the study as a whole (how many sections, paragraphs and
references the paper was parsed into, the chosen topic model, how many fits
the sweep made); :func:`table_facts` reads them from the saved tables and
lexicons, and :func:`quoted_facts` merges both, a notebook's saved fact taking
precedence. A test checks that a quantity known both ways has one value.

Every function takes the processed-data folder as a parameter, so the same
text can be rendered for a run on another paper.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.build import facts, paths

#: Quantities a notebook saves under its own name: the appendix's name -> the saved fact.
#: When the notebook has saved it, its value is quoted (and a test checks that the
#: tables give the same).
ALIASES = {
    "paper_words": "freq_paper_words",
    "n_major_sections": "freq_major_sections",
    "section_g2_critical": "keyness_section_critical",
    "reference_g2_critical": "keyness_reference_critical",
    "collocation_g2_critical": "context_critical",
    "n_topic_seeds": "topic_n_seeds",
    "n_topic_fits": "topic_seed_fits",
    "n_discourse_patterns": "discourse_patterns",
    "n_actors": "actor_count",
    "n_actor_variants": "actor_variants",
    "actor_g2_critical": "actor_collocate_min_g2",
    "n_citations": "citations_n",
}


def _read(processed: Path, name: str) -> pd.DataFrame | None:
    path = processed / f"{name}.csv"
    return pd.read_csv(path, keep_default_na=False, na_values=[""]) if path.exists() else None


def _listing(values) -> str:
    values = list(values)
    return ", ".join(values[:-1]) + f" and {values[-1]}" if len(values) > 1 else "".join(values)


def corpus_facts(processed: Path) -> dict[str, object]:
    """Counts of the parsed paper, from the corpus tables (notebook 01)."""
    sections, paragraphs = _read(processed, "sections"), _read(processed, "paragraphs")
    references, boilerplate = _read(processed, "references"), _read(processed, "boilerplate")
    out: dict[str, object] = {}
    if sections is not None:
        words = sections["n_words"].fillna(0)
        largest = sections.loc[words.idxmax()] if len(sections) else None
        out |= {"n_sections": len(sections),
                "n_sections_without_text": int((sections["n_paragraphs"] == 0).sum()),
                "n_major_sections": int(sections["major"].astype(bool).sum()),
                "paper_words": int(words.sum()),
                "paper_tokens": int(sections["n_tokens"].fillna(0).sum()),
                "largest_section": None if largest is None else str(largest["label"]),
                "largest_section_share": None if largest is None or not words.sum()
                else float(words.max() / words.sum())}
    if paragraphs is not None:
        out |= {"n_paragraphs": len(paragraphs),
                "n_rejoined_splits": int(paragraphs["n_joins"].sum()),
                "paper_source_words": int(paragraphs["n_source_words"].sum())}
    if references is not None:
        out["n_references"] = len(references)
    if boilerplate is not None:
        out["n_boilerplate_lines"] = len(boilerplate)
    return out


def counting_facts(processed: Path) -> dict[str, object]:
    """The merged expressions and the tokeniser's named resources (notebook 02)."""
    from analysis import tokens

    out: dict[str, object] = {"lemmatiser_name": tokens.LEMMATISER_NAME,
                              "stopwords_name": tokens.STOPWORDS_NAME}
    expressions = _read(processed, "expression_matches")
    if expressions is not None:
        out |= {"n_expression_variants": int(expressions["variant"].nunique()),
                "n_expression_terms": int(expressions["label"].nunique())}
    return out


def significance_facts() -> dict[str, object]:
    """Critical values of G2 at the declared significance levels (from the settings)."""
    from analysis import settings as s
    from analysis import stats

    return {"section_g2_critical": stats.critical_g2(s.SECTION_P),
            "reference_g2_critical": stats.critical_g2(s.REFERENCE_P),
            "collocation_g2_critical": stats.critical_g2(s.COLLOCATION_P),
            "actor_g2_critical": stats.critical_g2(s.ACTOR_COLLOCATE_P)}


def topic_facts(processed: Path) -> dict[str, object]:
    """The sweep's size and the setting its rule chose (notebook 04's tables)."""
    from analysis import settings as s
    from analysis.topics.selection import SELECTION_RULE

    out: dict[str, object] = {"selection_rule": SELECTION_RULE,
                              "topic_k_min": min(s.TOPIC_K_RANGE),
                              "topic_k_max": max(s.TOPIC_K_RANGE),
                              "n_topic_seeds": len(s.TOPIC_SEEDS),
                              "n_topic_models": len(s.TOPIC_MODELS)}
    sweep, selection = _read(processed, "topic_sweep"), _read(processed, "topic_selection")
    if sweep is not None:  # fits on the whole paper, one per model, k and seed
        whole = sweep[sweep["sample"] == 0] if "sample" in sweep.columns else sweep
        out |= {"n_topic_fits": len(whole), "n_resample_fits": len(sweep) - len(whole),
                "n_sweep_fits": len(sweep)}
    if selection is not None:
        chosen = selection[selection["chosen"].astype(str) == "True"]
        if len(chosen):
            row = chosen.iloc[0]
            out |= {"topic_model": str(row["model"]).upper(), "topic_k": int(row["k"]),
                    "topic_npmi": float(row["npmi_mean"]),
                    "topic_stability": float(row["stability_mean"])}
    return out


def lexicon_facts(config=None) -> dict[str, object]:
    """Sizes of the coding dictionaries the study configuration applies (None: not applied)."""
    if config is None:
        from analysis.study import load_study

        config = load_study().config
    out: dict[str, object] = {}
    discourse, actors = config.lexicon("discourse"), config.lexicon("actors")
    if discourse is not None:
        table = pd.read_csv(discourse, dtype=str, keep_default_na=False)
        sectors = table.loc[table["dimension"] == "sector", "category"].drop_duplicates()
        frames = table.loc[table["dimension"] == "frame", "category"].drop_duplicates()
        out |= {"n_discourse_patterns": len(table), "n_sectors": len(sectors),
                "sector_names": _listing(sectors), "n_frames": len(frames),
                "frame_names": _listing(frames)}
    if actors is not None:
        table = pd.read_csv(actors, dtype=str, keep_default_na=False)
        out |= {"n_actors": int(table["actor"].nunique()), "n_actor_variants": len(table)}
    return out


def citation_facts(processed: Path) -> dict[str, object]:
    """Citations found, the audit's methods, source-kind rules, repeated passages (06)."""
    from analysis import citation_audit, citation_report, citations

    out: dict[str, object] = {
        "citation_methods": citation_report.methods_text(),
        "source_kinds": _listing(kind for kind, _ in citation_audit.SOURCE_KIND_RULES)}
    found, pairs = _read(processed, "citations"), _read(processed, "repeated_passages")
    if found is not None:  # citations read, without the mentions of listed authors
        out["n_citations"] = int((found["form"] != citations.MENTION_FORM).sum())
    if pairs is not None:
        out["n_repeated_pairs"] = len(pairs)
    return out


def table_facts(processed: Path | str | None = None, config=None) -> dict[str, object]:
    """Every quantity the appendix and the README quote, read from the tables and lexicons.

    Parameters
    ----------
    processed : Path or str, optional
        The processed-data folder (default: the one in force).
    config : StudyConfig, optional
        The study configuration whose lexicons are counted (default: the study's).

    Returns
    -------
    dict
        Lower-case names to numbers or strings; a table that is missing leaves
        its names out (a template quoting them then fails, naming the fact).
    """
    processed = Path(processed if processed is not None else paths.PROCESSED)
    return (corpus_facts(processed) | counting_facts(processed) | significance_facts()
            | topic_facts(processed) | lexicon_facts(config) | citation_facts(processed))


def quoted_facts(processed: Path | str | None = None, config=None) -> dict[str, object]:
    """The notebooks' saved facts, completed by :func:`table_facts`.

    A saved fact wins over the value read from the tables, under its own name
    and under the appendix's name for it (:data:`ALIASES`).
    """
    processed = Path(processed if processed is not None else paths.PROCESSED)
    saved = facts.load_facts(processed)
    aliased = {ours: saved[theirs] for ours, theirs in ALIASES.items()
               if saved.get(theirs) is not None}
    return table_facts(processed, config) | saved | aliased
