"""Reproducible benchmarks. Each prints ratios against a baseline run in the same process."""
