"""Hypothesis prints the reproduction blob of every failure (replay it with `@reproduce_failure`)."""

from hypothesis import settings

settings.register_profile("allocation", print_blob=True)
settings.load_profile("allocation")
