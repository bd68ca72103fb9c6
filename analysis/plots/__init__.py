"""Figures: each function reads tables and returns a Matplotlib figure; nothing is computed here.

``style`` holds the journal widths, colours and style sheet; ``panels``,
``heatmap`` and ``empty`` are shared layouts; the other modules draw the
figures of one stage each. Figures are saved by
:func:`analysis.build.outputs.save_figure`.
"""
