"""The study configuration: what it reads, what it refuses, and how a paper finds its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.build import paths
from analysis.config import EMPTY, ConfigError, load_config
from analysis.study import find_config, load_study


def _write(folder: Path, text: str, name: str = "study.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def paper(tmp_path) -> Path:
    path = tmp_path / "paper.md"
    path.write_text("# Title\n\n## Intro\n\nSome body text.\n", encoding="utf-8")
    (tmp_path / "labels.csv").write_text("heading,label,note\nIntro,In,short\n", encoding="utf-8")
    return path


def test_the_study_configuration_names_its_paper():
    config = load_config(paths.STUDY_CONFIG)
    assert config.paper == paths.STUDY_PAPER
    assert config.paper.name == "soleimani-national-security-2024.md"
    assert set(config.lexicons) == {"expressions", "section_labels", "discourse", "actors",
                                    "evaluations"}
    assert config.focus == ("military", "political", "economic")


def test_a_full_configuration_is_read(paper):
    config = load_config(_write(paper.parent, (
        '[paper]\npath = "paper.md"\n[lexicons]\nsection_labels = "labels.csv"\n'
        '[terms]\nxray = ["port", "trade"]\n[focus]\nsectors = ["economic"]\n'
        'statement = "trade"\nwhere = "Intro"\n')), paper)
    assert config.paper == paper.resolve()
    assert config.lexicon("section_labels") == (paper.parent / "labels.csv").resolve()
    assert config.lexicon("actors") is None
    assert config.term_list("xray") == ("port", "trade") and config.term_list("central") == ()
    assert (config.focus, config.focus_statement, config.focus_where) == (
        ("economic",), "trade", "Intro")
    assert config.files() == [config.source, config.lexicon("section_labels")]


def test_none_gives_the_empty_configuration():
    assert load_config(None) is EMPTY
    assert EMPTY.lexicon("discourse") is None and EMPTY.term_list("xray") == ()


@pytest.mark.parametrize(("text", "problem"), [
    ("[paper\n", "cannot be read as TOML"),
    ("[extra]\na = 1\n", r"unknown section\(s\) extra"),
    ("[paper]\nfile = 'paper.md'\n", r"unknown key\(s\) in \[paper\]: file"),
    ("[paper]\npath = 3\n", "paper.path must be a string"),
    ("[paper]\npath = 'missing.md'\n", "names 'missing.md', which does not exist"),
    ("paper = 'paper.md'\n", r"\[paper\] must be a table"),
    ("[lexicons]\nactors = 'nowhere.csv'\n", "lexicon 'actors' names 'nowhere.csv', which does"),
    ("[lexicons]\nsectors = 'labels.csv'\n", "unknown lexicon 'sectors'"),
    ("[terms]\nxray = 'security'\n", "terms.xray must be a list of non-empty strings"),
    ("[terms]\nxray = ['a', '']\n", "terms.xray must be a list of non-empty strings"),
    ("[terms]\nhot = ['a']\n", "unknown term list 'hot'"),
    ("[focus]\nsectors = 'military'\n", "focus.sectors must be a list"),
    ("[focus]\nwhy = 'x'\n", r"unknown key\(s\) in \[focus\]: why"),
    ("[focus]\nstatement = 3\n", "focus.statement must be a string"),
])
def test_bad_configurations_are_refused_with_the_file_and_the_reason(paper, text, problem):
    path = _write(paper.parent, text)
    with pytest.raises(ConfigError, match=rf"study\.toml: .*{problem}"):
        load_config(path)


def test_missing_and_undecodable_files_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="nothere.toml: study configuration not found"):
        load_config(tmp_path / "nothere.toml")
    bad = tmp_path / "latin.toml"
    bad.write_bytes("[focus]\nstatement = 'caf\u00e9'\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="latin.toml: cannot be read as TOML"):
        load_config(bad)


def test_a_configuration_for_another_paper_is_refused(paper):
    other = paper.parent / "other.md"
    other.write_text("# T\n\n## A\n\nText.\n", encoding="utf-8")
    path = _write(paper.parent, "[paper]\npath = 'paper.md'\n")
    with pytest.raises(ConfigError, match="describes paper.md, not other.md"):
        load_config(path, other)
    assert load_config(path, paper).paper == paper.resolve()


def test_find_config_beside_the_paper(paper):
    assert find_config(paper) is None
    shared = _write(paper.parent, "[terms]\nxray = ['body']\n")
    assert find_config(paper) == shared  # a study.toml naming no paper applies to each
    _write(paper.parent, "[paper]\npath = 'other.md'\n")
    (paper.parent / "other.md").write_text("# T\n\n## A\n\nText.\n", encoding="utf-8")
    assert find_config(paper) is None  # it names another paper: it is that paper's
    own = _write(paper.parent, "[terms]\nxray = ['text']\n", name="paper.toml")
    assert find_config(paper) == own  # <stem>.toml comes first


def test_a_paper_without_configuration_gets_data_driven_choices(paper):
    study = load_study(paper)
    assert not study.is_configured and study.config is EMPTY
    assert study.expressions.empty
    assert study.section_labels.tolist() == ["Intro"]


def test_no_code_path_names_the_studys_paper():
    # what is known about one paper lives in its configuration, not in the engine
    name = paths.STUDY_PAPER.name
    found = [str(p.relative_to(paths.ROOT)) for p in paths.PACKAGE.rglob("*.py")
             if name in p.read_text(encoding="utf-8")]
    assert found == []
