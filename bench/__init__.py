"""Benchmarks (``make bench``): generated corpora in their own databases, never the demo one."""

import os

# From this corpus size on (or with BENCH_DOCUMENTS=N, any size), the corpus also holds this many
# generated library documents, and the bench a "search with documents" row.
DOCUMENTS_FROM_SIZE = 10_000
DOCUMENTS = 10_000
# A word that occurs only inside the text of generated documents: no title, summary, practice or
# demo page has it, so "search with documents" finds documents through their extracted text alone.
DOCUMENT_WORD = "aquifer"


def documents_for(size):
    """How many generated documents the corpus of ``size`` practices holds."""
    wanted = os.environ.get("BENCH_DOCUMENTS", "").strip()
    if wanted:
        return int(wanted)
    return DOCUMENTS if size >= DOCUMENTS_FROM_SIZE else 0
