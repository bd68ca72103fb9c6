"""Small multiples of bar panels."""

from __future__ import annotations

import matplotlib.pyplot as plt

from analysis.plots.panels import BarPanel, bar_panels


def test_panels_share_one_scale_and_hide_unused_cells():
    panels = [BarPanel("A", ["x", "y"], [2.0, 1.0], notes=("4", "2")),
              BarPanel("B", ["z"], [5.0]),
              BarPanel("C", ["w", "v", "u"], [1.0, 1.0, 0.5])]
    fig = bar_panels(panels, "rate", ncols=2, headroom=1.2)
    axes = fig.axes
    assert len(axes) == 4 and not axes[3].get_visible()
    assert all(ax.get_xlim() == (0.0, 6.0) for ax in axes[:3])  # the largest value x 1.2
    assert [t.get_text() for t in axes[0].texts] == ["4", "2"]
    assert [t.get_text() for t in axes[1].get_yticklabels()] == ["z"]
    assert axes[0].get_ylim() == (2.5, -0.5)  # as tall as the longest panel, first bar on top
    assert axes[2].get_xlabel() == "rate" and axes[1].get_xlabel() == "rate"
    plt.close(fig)


def test_diverging_panels_keep_one_bar_thickness_per_row():
    panels = [BarPanel("A", ["x", "y", "z"], [2.4, -1.0, 1.0], colors=("b", "r", "b")),
              BarPanel("B", ["w"], [-0.5]),
              BarPanel("C", ["v"], [1.0])]
    fig = bar_panels(panels, "log ratio", ncols=2, diverging=True, row_heights=True)
    axes = fig.axes
    # symmetric about zero, rounded up to a whole unit
    assert all(ax.get_xlim() == (-3.0, 3.0) for ax in axes[:3])
    # each row as tall as its longest panel
    assert axes[0].get_ylim() == axes[1].get_ylim() == (2.5, -0.5)
    assert axes[2].get_ylim() == (0.5, -0.5)
    assert [p.get_facecolor()[:3] for p in axes[0].patches][1] == (1.0, 0.0, 0.0)
    plt.close(fig)


def _many_sections(n: int):
    import numpy as np
    import pandas as pd

    ids = [f"S{i:03d}" for i in range(n)]
    words = 150 + (np.arange(n) * 37) % 400
    end = np.cumsum(words)
    sizes = pd.DataFrame({"section_id": ids, "order": range(n), "label": [f"Part {i}" for i in
                                                                          range(n)],
                          "n_words": words, "start": end - words, "end": end, "major": True})
    counts = pd.DataFrame({"section_id": np.repeat(ids, 3), "term": ["a", "b", "c"] * n,
                           "count": [5, 3, 1] * n, "rate": [5.0, 3.0, 1.0] * n})
    return sizes, counts


def test_figures_keep_journal_size_from_one_to_three_hundred_sections():
    import pandas as pd

    from analysis import frequency, sections, settings
    from analysis.plots.frequency import section_terms_figure, xray_figure
    from analysis.plots.style import WIDTHS

    for n in (1, 300):
        sizes, counts = _many_sections(n)
        top = frequency.top_terms_by_section(counts, sizes, pd.Series({"a": "a", "b": "b",
                                                                        "c": "c"}))
        assert top["section_id"].nunique() == min(n, settings.SECTION_PANELS_MAX)
        fig = section_terms_figure(top)
        width, height = fig.get_size_inches()
        assert width == WIDTHS["double"] and height < 9.5
        plt.close(fig)
        occ = pd.DataFrame({"label": "a", "word": sizes["start"].to_numpy()})
        labelled = sections.spaced_sections(sizes, settings.XRAY_LABELS_MAX,
                                            settings.XRAY_LABEL_GAP)
        assert len(labelled) <= settings.XRAY_LABELS_MAX
        fig = xray_figure(occ, sizes, labelled)
        ax = fig.axes[0]
        assert len(ax.lines) <= max(n - 1, 0) if n <= settings.XRAY_BOUNDARIES_MAX \
            else len(ax.lines) <= 2 * len(labelled)
        assert fig.get_size_inches()[0] == WIDTHS["double"]
        plt.close(fig)
