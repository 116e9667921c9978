"""Benchmarks of the site: `python bench/run.py [name ...]` (see run.py)."""
