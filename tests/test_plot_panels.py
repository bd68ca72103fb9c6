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
