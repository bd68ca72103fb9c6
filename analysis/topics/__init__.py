"""Topic models of the paper's paragraphs: documents, fits, quality, the sweep and the choice.

``corpus`` builds the document-term matrix, ``fitting`` fits one model,
``quality`` scores coherence and stability, ``sweep`` fits and scores every
setting (a cached table, ``python -m analysis.topics.sweep``), ``selection``
applies the rule fixed in advance, and ``model`` describes the chosen model.
"""
