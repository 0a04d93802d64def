"""Test-wide settings.

Hypothesis runs derandomized: every run of the suite draws the same examples, so CI is
reproducible; a property that fails does so on every run, not by chance.
"""

from hypothesis import settings

settings.register_profile("qinternet", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("qinternet")
