"""An engine for a reproducible discourse analysis of one paper, and of any other.

The package knows no particular paper: what is specific to a paper lives in
its study configuration (:mod:`analysis.config`). Three kinds of module:

* stages, which turn the paper into tables (``paper``, ``tokens``,
  ``frequency``, ``keyness``, ``context``, ``topics``, ``discourse``,
  ``actors``, ``predication``, ``citations``, ``citation_audit``, ``reuse``,
  and the shared ``text``, ``vocabulary``, ``stats``, ``matcher``,
  ``lexicons``, ``settings``), with :mod:`analysis.study` building the shared
  tables once per process;
* ``plots``, which draw figures from tables;
* ``build``, the machinery: paths, the output registry, saving, the methods
  appendix, the notebook runner and the rerun graph.

Importing the package itself is cheap and imports nothing heavy, so
``python -m analysis.build.makedeps`` runs on a bare Python.
"""
