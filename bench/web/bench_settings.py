"""The site's settings plus one bare JSON view (bench_urls), the yardstick the benchmark compares with."""

from sciencecity.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
