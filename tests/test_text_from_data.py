"""Text cannot drift from the data: no typed numbers in captions or notebook prose.

Captions are templates filled from facts and settings; notebook Markdown holds
purpose, method and reading, and every number, ranking or comparison is
printed by a code cell from the table it describes.
"""

from __future__ import annotations

import json
import re

import pytest

from analysis.build import facts, paths, registry

#: A year (1900-2099) is a date, not a measured quantity.
_YEAR = r"(?<![\d.,])(?:19|20)\d\d(?![\d,]|\.\d)"


def typed_numbers(text: str) -> list[str]:
    """Digits in ``text`` outside ``{placeholders}``, years, heading numbers, names (SHA-256,
    UTF-8) and citation keys (``@dunning1993``)."""
    text = re.sub(r"\{[^{}]*\}", "", text)
    text = re.sub(r"SHA-256|UTF-8|@[a-z][\w:-]*", "", text)
    text = re.sub(_YEAR, "", text)
    text = re.sub(r"(?m)^#+\s*\d+\.", "#", text)  # "# 2. Term frequency"
    return re.findall(r"\S*\d\S*", text)


def test_typed_numbers_are_found():
    assert typed_numbers("Count {n_words:,} of 5,382 words (Buzan 1998).") == ["5,382"]
    assert typed_numbers("# 2. Term frequency\n\nk = {k} topics") == []
    assert typed_numbers("G² [@dunning1993; @gries2008], SHA-256 (@tab:x)") == []


@pytest.mark.parametrize("entry", list(registry.OUTPUTS.values()), ids=lambda e: e.name)
def test_captions_hold_no_typed_number(entry):
    assert typed_numbers(entry.caption) == [], entry.name


@pytest.mark.parametrize("notebook", sorted(p.stem for p in paths.NOTEBOOKS.glob("[0-9]*.ipynb")))
def test_notebook_prose_holds_no_typed_number(notebook):
    nb = json.loads((paths.NOTEBOOKS / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            assert typed_numbers("".join(cell["source"])) == [], cell.get("id")


def test_methods_text_holds_no_typed_number():
    from analysis.build import appendix_text

    texts = [t for _, templates in appendix_text.METHODS for t in templates]
    texts += [appendix_text.SOFTWARE, *appendix_text.NOT_APPLIED.values()]
    for text in texts:
        assert typed_numbers(text) == [], text[:60]


def test_methods_text_renders_from_the_quoted_facts():
    from analysis.build import appendix_text
    from analysis.build.quoted import quoted_facts

    sections = appendix_text.methods_sections(quoted_facts())
    assert [heading for heading, _ in sections] == [h for h, _ in appendix_text.METHODS]
    text = " ".join(p for _, paragraphs in sections for p in paragraphs)
    assert "{" not in text and "None" not in text


def test_methods_text_says_so_when_no_dictionary_was_applied():
    from analysis.build import appendix_text
    from analysis.build.quoted import quoted_facts

    quoted = {k: v for k, v in quoted_facts().items()
              if not k.startswith(("n_discourse", "n_sectors", "n_frames", "n_actor"))}
    sections = dict(appendix_text.methods_sections(quoted))
    assert sections["Discourse coding and actors"] == [
        appendix_text.NOT_APPLIED["Discourse coding and actors"]]
    del quoted["n_topic_fits"]
    with pytest.raises(facts.FactError, match="n_topic_fits"):
        appendix_text.methods_sections(quoted)


def test_quoted_facts_agree_with_the_facts_notebooks_saved():
    """A quantity read from the tables and saved by a notebook has one value."""
    from analysis.build.quoted import ALIASES, table_facts

    saved, read = facts.load_facts(), table_facts()
    pairs = [(name, name) for name in set(saved) & set(read)]
    pairs += [(ours, theirs) for ours, theirs in ALIASES.items() if theirs in saved]
    for ours, theirs in sorted(pairs):
        if isinstance(read[ours], float):
            assert saved[theirs] == pytest.approx(read[ours], abs=0.005), (ours, theirs)
        else:
            assert saved[theirs] == read[ours], (ours, theirs)


def test_quoted_facts_prefer_what_a_notebook_saved(tmp_path):
    from analysis.build.quoted import quoted_facts

    (tmp_path / "sections.csv").write_text(
        "section_id,label,n_words,n_tokens,n_paragraphs,major\nS01,A,10,10,1,True\n")
    facts.save_facts("02_x", {"freq_paper_words": 11}, out_dir=tmp_path)
    from analysis.config import EMPTY

    quoted = quoted_facts(tmp_path, config=EMPTY)
    assert quoted["paper_words"] == 11 and quoted["n_sections"] == 1
    assert "n_discourse_patterns" not in quoted  # no lexicon applied: not measured


def test_every_caption_renders_from_the_saved_facts():
    saved = facts.load_facts()
    for entry in registry.OUTPUTS.values():
        facts.render(entry.caption, saved, where=entry.name)


def test_render_refuses_a_missing_or_unmeasured_fact():
    assert facts.render("{a:,} words, rates per {RATE_BASE:,}", {"a": 5375}) == (
        "5,375 words, rates per 1,000")
    with pytest.raises(facts.FactError, match=r"\{b\} is neither a saved fact"):
        facts.render("{b}", {"a": 1}, where="demo")
    with pytest.raises(facts.FactError, match="was not measured"):
        facts.render("{a}", {"a": None})


def test_facts_are_saved_sorted_and_merged(tmp_path):
    import numpy as np

    facts.save_facts("02_x", {"words": np.int64(5375), "share": 0.5, "chosen": "nmf",
                              "ks": [2, 3], "missing": float("nan")}, out_dir=tmp_path)
    text = (tmp_path / "facts" / "02_x.json").read_text()
    assert text.index('"chosen"') < text.index('"words"')
    facts.save_facts("03_y", {"other": True}, out_dir=tmp_path)
    loaded = facts.load_facts(tmp_path)
    assert loaded == {"chosen": "nmf", "ks": [2, 3], "missing": None, "share": 0.5,
                      "words": 5375, "other": True}
    facts.save_facts("04_z", {"words": 1}, out_dir=tmp_path)
    with pytest.raises(facts.FactError, match="saved by both 02_x and 04_z"):
        facts.load_facts(tmp_path)
    with pytest.raises(facts.FactError, match="lower-case identifier"):
        facts.save_facts("05", {"Words": 1}, out_dir=tmp_path)


@pytest.mark.parametrize("notebook", sorted(paths.NOTEBOOKS.glob("[0-9]*.ipynb")),
                         ids=lambda p: p.stem)
def test_stored_notebooks_hold_no_path_of_this_machine(notebook):
    """An output that shows the repository's folder would differ on every clone."""
    assert str(paths.ROOT) not in notebook.read_text(encoding="utf-8")
