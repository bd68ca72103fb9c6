"""Small multiples of bar panels."""

from __future__ import annotations

import matplotlib.pyplot as plt

from analysis.plot_panels import BarPanel, bar_panels


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
