"""The national-scale dataset and the benchmark suite (``make bench-data``, ``make bench``)."""
