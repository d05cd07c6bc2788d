"""Benchmarks: each `bench_*.py` has `main() -> None` that prints figures; never asserts speed."""
