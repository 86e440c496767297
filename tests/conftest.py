"""Settings shared by every test.

Hypothesis's default 200 ms deadline per example is a timing assertion: on a shared 2-core
machine under load it fails tests whose code is correct. Timing belongs in `benchmarks/`, so
the deadline is off for every property test.
"""

from hypothesis import settings

settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")
