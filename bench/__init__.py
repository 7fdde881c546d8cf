"""Benchmarks: each bench_<topic>.py module exposes ``run() -> list[str]``."""
