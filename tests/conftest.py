"""Hypothesis profiles: a few hundred examples in `make test`, 10,000 per entry point in `make fuzz`."""
import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Entry points that run a model per example: 20 in `make test` (CI time), the full 10,000 in `make fuzz`.
MODEL_RUN_EXAMPLES = settings().max_examples if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 20
