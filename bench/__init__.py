"""Benchmarks (``make bench``): generated corpora in their own databases, never the demo one."""
