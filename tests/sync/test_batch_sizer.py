"""The batch sizer: the next batch is sized from how long the last ones took, not by count."""

from __future__ import annotations

from posapp.sync.pusher import MAX_BATCH_SIZE, MIN_BATCH_SIZE, BatchSizer


def test_it_sizes_batches_to_the_target_time_and_grows_at_most_twofold() -> None:
    sizer = BatchSizer(target_s=2.0, first=50)
    sizer.took(50, 0.5)  # 10 ms a write-off: 200 would take 2 s
    assert sizer.size == 100  # but no more than twice what was tried
    sizer.took(100, 1.0)
    assert sizer.size == 200
    sizer.took(200, 8.0)  # the service slowed down (40 ms each): back under the target
    assert 40 <= sizer.size <= 100


def test_a_short_queue_says_nothing_of_the_limit_and_a_timeout_halves() -> None:
    sizer = BatchSizer(target_s=2.0, first=50)
    sizer.took(3, 0.01)  # three write-offs, quickly: no reason to try 100 next
    assert sizer.size == 50
    sizer.timed_out()
    assert sizer.size == 25
    for _ in range(20):
        sizer.timed_out()
    assert sizer.size == MIN_BATCH_SIZE


def test_it_never_exceeds_the_most_one_batch_may_hold() -> None:
    sizer = BatchSizer(target_s=2.0, first=50)
    for _ in range(10):
        sizer.took(sizer.size, 0.001)
    assert sizer.size == MAX_BATCH_SIZE
