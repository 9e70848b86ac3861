"""How the portfolio audit cuts its documents into chunks for the worker processes."""

from __future__ import annotations

import pytest

from safecom.rules.documents.batch import chunk_sizes


@pytest.mark.parametrize("documents", [0, 1, 7, 41, 50, 500, 5000])
@pytest.mark.parametrize("workers", [1, 2, 4])
def test_chunks_hold_every_document_once_and_never_more_than_the_largest(
    documents: int, workers: int
) -> None:
    sizes = chunk_sizes(documents, workers=workers, largest=25)
    assert sum(sizes) == documents
    assert all(1 <= size <= 25 for size in sizes)


def test_with_several_workers_chunks_shrink_towards_the_end_but_not_below_the_smallest() -> None:
    sizes = chunk_sizes(500, workers=2, largest=25)
    assert sizes[0] == 25 and sizes == sorted(sizes, reverse=True)
    assert sizes[-1] == 3 and min(sizes) == 3
    # The last quarter of the work comes in chunks small enough for the workers to even out.
    assert max(sizes[-8:]) <= 6


def test_one_worker_takes_the_largest_chunk_at_a_time() -> None:
    assert chunk_sizes(60, workers=1, largest=25) == [25, 25, 10]


def test_the_smallest_chunk_never_exceeds_the_largest() -> None:
    assert chunk_sizes(7, workers=2, largest=2) == [2, 2, 2, 1]
