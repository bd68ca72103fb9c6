"""The build machinery: paths, the output registry, saving, the appendix and the rerun graph.

Nothing here analyses the paper. Importing it is cheap (no third-party
imports), so ``python -m analysis.build.makedeps`` runs on a bare Python.
"""
