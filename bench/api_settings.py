"""Settings for bench/api_throughput.py: the application's, plus the bare views."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.api_urls"
BENCH_USERNAME = os.environ.get("BENCH_USERNAME", "hr")
# Measure the API, not the partner throttle.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_CLASSES": [],
}
DEBUG = False
