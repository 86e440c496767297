"""Benchmarks of the build, the dashboard and the exports at several scales.

``python -m benchmarks.run`` is the one command; see benchmarks/README.md.
"""
