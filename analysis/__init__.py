"""Helpers for a reproducible discourse analysis of one paper.

One module per stage of the study (see ``STUDY.md``): ``paper`` parses the
Markdown into tables, later stages read those tables. Importing the package
itself is cheap and imports nothing heavy, so ``python -m analysis.makedeps``
runs on a bare Python.
"""
