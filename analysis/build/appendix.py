"""The methods appendix, generated from the registry, the tables and the settings in force.

Usage: ``python -m analysis.build.appendix`` writes ``figures/appendix.md`` and
``figures/appendix.tex``. Every number in the methods text is read from the
package's settings or the generated tables, never typed in, so the appendix
cannot drift from what was run. The LaTeX file is a complete document
(``booktabs`` tables, PDF figures) whose body can be pasted into a paper.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis import settings, vocabulary
from analysis.build import paths, registry
from analysis.build.outputs import write_text

#: Packages whose pinned versions the appendix reports (from requirements.lock).
PACKAGES = ["python", "numpy", "pandas", "scipy", "scikit-learn", "matplotlib", "simplemma",
            "wordfreq", "networkx", "nbclient", "ipykernel"]
LOCK = paths.ROOT / "requirements.lock"
PYTHON_REQUIRES = ">=3.11"


def _format_value(value: object) -> str:
    if isinstance(value, tuple) and len(value) > 6 and all(isinstance(v, int) for v in value):
        return f"{value[0]}-{value[-1]} ({len(value)} values)"
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def settings_table() -> pd.DataFrame:
    """Every declared setting (:func:`analysis.settings.declared`): what it does and its value.

    Returns
    -------
    DataFrame
        stage, setting (its label), value, description, in the order of the study.
    """
    rows = [{"stage": s.stage, "setting": s.label, "value": _format_value(s.value),
             "description": s.description} for s in settings.declared()]
    return pd.DataFrame(rows, columns=["stage", "setting", "value", "description"])


def vocabulary_table() -> pd.DataFrame:
    """The study's one vocabulary of counts (:data:`analysis.vocabulary.COUNTS`)."""
    rows = [{"count": name, "column": column, "meaning": meaning}
            for column, (name, meaning) in vocabulary.COUNTS.items()]
    return pd.DataFrame(rows, columns=["count", "column", "meaning"])


def package_versions(lock: Path = LOCK) -> pd.DataFrame:
    """Pinned versions of the main packages, read from the lock file."""
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", lock.read_text(encoding="utf-8"),
                           flags=re.M))
    pins = {k.lower(): v for k, v in pins.items()}
    rows = [("python", PYTHON_REQUIRES)] + [(p, pins[p]) for p in PACKAGES[1:] if p in pins]
    return pd.DataFrame(rows, columns=["package", "version"])


def read_table(name: str, processed: Path | None = None) -> pd.DataFrame:
    """A registered table's data, cut to the rows and columns the registry asks for."""
    entry = registry.get(name, "table")
    processed = Path(processed if processed is not None else paths.PROCESSED)
    table = pd.read_csv(processed / f"{name}.csv", dtype=str, keep_default_na=False)
    if entry.query:
        table = table[pd.read_csv(processed / f"{name}.csv").eval(entry.query).to_numpy()]
    if entry.columns:
        table = table[list(entry.columns)]
    return table.head(entry.rows) if entry.rows else table


def appendix_tables() -> list[registry.Output]:
    """The registered tables the appendix prints (the main ones), in registry order."""
    return [entry for entry in registry.tables() if entry.appendix]


# ---------------------------------------------------------------------------
# Methods text


def methods_paragraphs(processed: Path | None = None) -> list[str]:
    """The methods text, one paragraph per stage, built from settings and tables."""
    from analysis import corpus as corpus_views
    from analysis import tokens
    from analysis.study import load_study

    processed = Path(processed if processed is not None else paths.PROCESSED)
    study = load_study()
    summary = corpus_views.corpus_summary(study.paper).set_index("measure")["value"]
    expressions = study.expressions
    out = [
        f"The paper was parsed from its Markdown text (SHA-256 verified before parsing) into "
        f"{summary['sections']} sections, {summary['paragraphs']} body paragraphs "
        f"({int(study.sizes['n_words'].sum()):,} words on the study's one denominator; "
        f"{summary['source words in body paragraphs (citations included)']:,} source words "
        f"as written, citations included) and {summary['reference entries']} "
        f"reference entries. Title, author and affiliation lines, dates, separators, the "
        f"e-mail line and non-Latin watermark lines ({summary['boilerplate lines set aside']} "
        f"lines in all) were set aside and counted; {summary['page-break splits rejoined']} "
        f"paragraphs split by a page break were rejoined when the first part did not end a "
        f"sentence or the second began in lower case.",
        "Body text was tokenised after removing the in-text citations the citation parser "
        "reads (for a narrative citation, only its bracket). Tokens were lower-cased, "
        "possessive 's removed and lemmatised "
        f"with {tokens.LEMMATISER_NAME}; stopwords are the {tokens.STOPWORDS_NAME}, plus "
        f"one-letter tokens and tokens containing digits. "
        f"{expressions['variant'].nunique()} name variants and multiword expressions were "
        f"merged into {expressions['term'].nunique()} terms by greedy longest match within "
        f"sentences (the study configuration's expressions lexicon, each entry with a note).",
    ]
    return out + _analysis_paragraphs(processed, study)


def _rows(path: Path) -> int:
    return len(pd.read_csv(path, dtype=str, keep_default_na=False))


def _analysis_paragraphs(processed: Path, study) -> list[str]:
    """Methods text of the analysis stages, from their settings and result tables."""
    from analysis import citation_audit, citations, stats
    from analysis import settings as s
    from analysis.topics.selection import SELECTION_RULE

    selection = pd.read_csv(processed / "topic_selection.csv")
    chosen = selection[selection["chosen"]].iloc[0]
    categories = pd.read_csv(study.config.lexicon("discourse"), dtype=str,
                             keep_default_na=False)
    actor_list = pd.read_csv(study.config.lexicon("actors"), dtype=str, keep_default_na=False)
    n_pairs = _rows(processed / "repeated_passages.csv")
    n_citations = _rows(processed / "citations.csv")
    sectors = categories[categories["dimension"] == "sector"]["category"].drop_duplicates()
    frames = categories[categories["dimension"] == "frame"]["category"].drop_duplicates()
    return [
        f"Counts are of words (tokens after citation removal, a merged expression counted "
        f"once, stopwords included in the denominator), by scikit-learn's CountVectorizer; "
        f"every rate in the study is per {s.RATE_BASE:,} words of the text it describes (the "
        f"counts are defined in the vocabulary table below). TF-IDF uses scikit-learn's "
        f"TfidfTransformer with smoothed idf over sections. Dispersion across sections is "
        f"Gries' DP (with its normalised form) and Juilland's D, for terms occurring at least "
        f"{s.DISPERSION_MIN_COUNT} times. Major sections are those with at least "
        f"{s.MAJOR_MIN_WORDS} words.",
        f"Keyness is the log-likelihood G2 of the full 2x2 table (Dunning 1993) with Hardie's "
        f"(2014) Log Ratio as effect size (zero counts replaced by 0.5). A term is key when it "
        f"occurs at least {s.MIN_FREQ} times, |Log Ratio| >= {s.MIN_LOG_RATIO:g} "
        f"and G2 passes p < {s.SECTION_P:g} (G2 >= "
        f"{stats.critical_g2(s.SECTION_P):.2f}) for each major section against the rest "
        f"of the paper, or p < {s.REFERENCE_P:g} (G2 >= "
        f"{stats.critical_g2(s.REFERENCE_P):.2f}) for the paper's lower-cased word "
        f"forms against general English, taken from wordfreq's '{s.REFERENCE_LANG}' "
        f"frequencies scaled to a notional reference of {s.REFERENCE_SIZE:,} tokens (the one "
        f"comparison made per token, since wordfreq counts word forms).",
        f"Collocations of key terms are counted within +/-{s.COLLOCATION_WINDOW} words inside "
        f"a sentence and scored by G2, PMI and t-score, keeping pairs that co-occur at least "
        f"{s.MIN_COLLOCATE_FREQ} times and pass p < {s.COLLOCATION_P:g}. N-grams of "
        f"{', '.join(map(str, s.NGRAM_SIZES))} words within sentences are kept from "
        f"{s.NGRAM_MIN_FREQ} occurrences; concordance lines show "
        f"{s.CONCORDANCE_WIDTH} characters either side.",
        f"Topic models take the {s.TOPIC_MIN_DF}-paragraph minimum document frequency and a "
        f"maximum of {s.TOPIC_MAX_DF_SHARE:.0%} of paragraphs as vocabulary filters, with "
        f"paragraphs as documents. LDA (batch, {s.LDA_MAX_ITER} iterations, on counts) "
        f"and NMF (random initialisation, on TF-IDF) were fitted for k = "
        f"{min(s.TOPIC_K_RANGE)} to {max(s.TOPIC_K_RANGE)} with {len(s.TOPIC_SEEDS)} seeds "
        f"each, with n_jobs=1 inside each fit. Coherence is NPMI over {s.NPMI_WINDOW}-term "
        f"sliding windows and UMass over paragraphs, computed on the paper itself; stability "
        f"is the mean Jaccard similarity of the top-{s.TOPIC_TOP_TERMS} terms of topics matched "
        f"by the Hungarian method across seeds. The rule, fixed before the sweep was run: "
        f"{SELECTION_RULE} It chose {chosen['model'].upper()} with k = "
        f"{int(chosen['k'])} (mean NPMI {chosen['npmi_mean']:.3f}, mean stability "
        f"{chosen['stability_mean']:.2f}).",
        f"Discourse coding uses a dictionary of {len(categories)} patterns in "
        f"{len(sectors)} security sectors ({', '.join(sectors)}) and {len(frames)} frames "
        f"({', '.join(frames)}), matched on the tokens by longest match within a sentence, each "
        f"word counted at most once per dimension; a validation sample of "
        f"{s.VALIDATION_SAMPLE} matches per category (seed {s.VALIDATION_SEED}) "
        f"is shown for checking precision. {actor_list['actor'].nunique()} actors with "
        f"{len(actor_list)} name variants are counted per section; predication counts "
        f"evaluative words in the same sentence as an actor and ranks co-occurring content "
        f"words by G2 (sentence as window, at least {s.MIN_COOCCURRENCE} shared sentences, "
        f"G2 >= {stats.critical_g2(s.ACTOR_COLLOCATE_P):.2f}, actors named in at least "
        f"{s.MIN_ACTOR_SENTENCES} sentences). Heatmap colour scales are capped at the highest "
        f"rate in a major section.",
        f"In-text citations ({n_citations} found) are parsed in these forms: "
        + "; ".join(f"{form}: {example}" for form, example in citations.CITATION_FORMS.items())
        + f". They are matched to the reference list on the first author's normalised surname "
        f"and year; entries whose titles are at least {s.TITLE_SIMILARITY:.0%} alike "
        f"(titles of {s.TITLE_MIN_WORDS}+ words) are flagged as possible duplicates. "
        f"Source kinds follow the first matching rule of: "
        + ", ".join(kind for kind, _ in citation_audit.SOURCE_KIND_RULES) + ".",
        f"Repeated passages are paragraphs, and windows of {s.REUSE_WINDOW} sentences, whose "
        f"similarity (mean cosine of word {s.REUSE_WORD_NGRAMS[0]}-{s.REUSE_WORD_NGRAMS[1]}-gram "
        f"and character {s.REUSE_CHAR_NGRAMS[0]}-{s.REUSE_CHAR_NGRAMS[1]}-gram TF-IDF vectors) "
        f"is at least {s.SIMILARITY_THRESHOLD}; {n_pairs} such pairs are reported with a "
        f"word-level comparison (difflib).",
    ]


# ---------------------------------------------------------------------------
# Rendering


def _md_table(table: pd.DataFrame) -> str:
    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in table.columns) + " |",
             "| " + " | ".join("---" for _ in table.columns) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |"
              for row in table.itertuples(index=False)]
    return "\n".join(lines)


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
                  "|": r"\textbar{}"}


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters; non-ASCII letters are left to inputenc."""
    return "".join(_LATEX_SPECIAL.get(c, c) for c in str(text))


def _column_spec(table: pd.DataFrame, width: float = 0.96) -> str:
    """Right-aligned numeric columns; text columns as paragraphs sized by their content."""
    numeric = [bool(len(table)) and pd.to_numeric(table[c], errors="coerce").notna().all()
               for c in table.columns]
    typical = [min(max(len(str(c)), int(table[c].astype(str).str.len().quantile(0.9))
                       if len(table) else 0), 70) for c in table.columns]
    text_total = sum(t for t, n in zip(typical, numeric, strict=True) if not n) or 1
    text_width = width - 0.08 * sum(numeric) - 0.03 * len(numeric)  # minus column gaps
    return "".join("r" if n else "p{%.3f\\linewidth}" % (text_width * t / text_total)
                   for t, n in zip(typical, numeric, strict=True))


def _tex_table(table: pd.DataFrame, caption: str, label: str) -> str:
    body = table.map(latex_escape)
    body.columns = [latex_escape(c).replace("\\_", "\\_\\allowbreak{}")
                    for c in table.columns]
    latex = body.style.hide(axis="index").to_latex(
        hrules=True, column_format=_column_spec(table), environment="longtable",
        caption=latex_escape(caption), label=f"tab:{label}")
    return "{\\footnotesize\n" + latex + "}\n"


def appendix_markdown(processed: Path | None = None) -> str:
    """The appendix as Markdown."""
    out = ["# Methods appendix", "",
           "Generated by `python -m analysis.build.appendix` from the registry of outputs, the "
           "settings in the `analysis` package and the tables in `data/processed/`.", "",
           "## Methods", ""]
    for paragraph in methods_paragraphs(processed):
        out += [paragraph, ""]
    out += ["## Counts and rates", "", _md_table(vocabulary_table()), "",
            "## Settings", "", _md_table(settings_table()), "",
            "## Software", "", _md_table(package_versions()), "", "## Figures", ""]
    for i, entry in enumerate(registry.figures(), start=1):
        out += [f"![Figure {i}]({entry.name}.png)", "",
                f"**Figure {i}.** {entry.caption} (`{entry.name}`, notebook "
                f"`{entry.notebook}.ipynb`)", ""]
    out += ["## Tables", "",
            "The main tables, cut to the rows and columns shown; every table is in full in "
            "`data/processed/`.", ""]
    for i, entry in enumerate(appendix_tables(), start=1):
        out += [f"**Table {i}.** {entry.caption} (`{entry.name}.csv`, notebook "
                f"`{entry.notebook}.ipynb`)", "", _md_table(read_table(entry.name, processed)),
                ""]
    return "\n".join(out).rstrip() + "\n"


PREAMBLE = r"""\documentclass[10pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[margin=2.2cm]{geometry}
\usepackage{graphicx}
\usepackage{booktabs}
\usepackage{longtable}
\usepackage{array}
\usepackage[font=small]{caption}
\DeclareUnicodeCharacter{2014}{---}
\DeclareUnicodeCharacter{2013}{--}
\DeclareUnicodeCharacter{2026}{\ldots}
\DeclareUnicodeCharacter{2019}{'}
\DeclareUnicodeCharacter{00C6}{\AE}
"""


def appendix_latex(processed: Path | None = None) -> str:
    """The appendix as a complete LaTeX document (body between the marker comments)."""
    out = [PREAMBLE, r"\begin{document}", "% --- appendix body: paste from here ---",
           r"\section*{Methods appendix}", r"\subsection*{Methods}"]
    out += [latex_escape(p) + "\n" for p in methods_paragraphs(processed)]
    out.append(r"\subsection*{Counts and rates}")
    out.append(_tex_table(vocabulary_table(), "The study's counts; every rate is per 1,000 "
                          "words.", "vocabulary"))
    out.append(r"\subsection*{Settings}")
    out.append(_tex_table(settings_table(), "Settings that shape the results.", "settings"))
    out.append(_tex_table(package_versions(), "Pinned software versions.", "software"))
    out.append(r"\subsection*{Figures}")
    for entry in registry.figures():
        width = r"\linewidth" if entry.width == "double" else r"0.5\linewidth"
        out += [r"\begin{figure}[htbp]", r"\centering",
                rf"\includegraphics[width={width}]{{{entry.name}.pdf}}",
                rf"\caption{{{latex_escape(entry.caption)}}}",
                rf"\label{{fig:{entry.name.replace('_', '-')}}}", r"\end{figure}", ""]
    out.append(r"\clearpage")
    out.append(r"\subsection*{Tables}")
    for entry in appendix_tables():
        out.append(_tex_table(read_table(entry.name, processed), entry.caption,
                              entry.name.replace("_", "-")))
    out += ["% --- appendix body: paste to here ---", r"\end{document}", ""]
    return "\n".join(out)


def write_appendix(out_dir: Path | None = None, processed: Path | None = None) -> list[Path]:
    """Write ``appendix.md`` and ``appendix.tex`` to ``out_dir``."""
    out_dir = Path(out_dir if out_dir is not None else paths.FIGURES)
    md, tex = out_dir / "appendix.md", out_dir / "appendix.tex"
    write_text(md, appendix_markdown(processed))
    write_text(tex, appendix_latex(processed))
    return [md, tex]


if __name__ == "__main__":
    for written in write_appendix():
        print(written.relative_to(paths.ROOT) if written.is_relative_to(paths.ROOT) else written)
