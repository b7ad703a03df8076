"""Benchmark: pipeline vs raw CTranslate2 vs Argos's per-paragraph way (`make bench`)."""
