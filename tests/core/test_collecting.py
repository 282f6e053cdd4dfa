"""The garbage collector run less often inside a large computation, and as usual again after it."""

import gc
import threading

import pytest

from core.collecting import GENERATION_0, fewer_collections


def test_generation_0_waits_longer_inside_and_as_usual_after_even_on_an_error():
    usual = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (GENERATION_0, *usual[1:])
    assert gc.get_threshold() == usual

    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("The layout failed.")
    assert gc.get_threshold() == usual


def test_overlapping_computations_in_two_threads_restore_the_usual_threshold_once_both_end():
    usual = gc.get_threshold()
    first_inside, second_inside, first_done = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with fewer_collections():
            first_inside.set()
            second_inside.wait(5)
        first_done.set()

    def second():
        first_inside.wait(5)
        with fewer_collections():
            second_inside.set()
            first_done.wait(5)
            seen["while the second runs alone"] = gc.get_threshold()[0]

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"while the second runs alone": GENERATION_0}
    assert gc.get_threshold() == usual
