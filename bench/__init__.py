"""Benchmarks: a load test (``python -m bench.load``) and a comparison with an ask-sdk hello-world
(``python -m bench.compare``). Bench code only: nothing in ``skill/`` imports it."""
