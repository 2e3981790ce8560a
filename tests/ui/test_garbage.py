"""Cycles are collected on the GUI thread only (ui/garbage.py)."""

from __future__ import annotations

import gc
import weakref

from mentordesk.ui.garbage import MainThreadCollector, collect_if_due


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: reference counting alone never frees it


def test_nothing_is_collected_until_the_threshold_is_passed() -> None:
    gc.collect()
    assert collect_if_due() is None


def test_a_cycle_is_collected_when_the_youngest_generation_is_due() -> None:
    assert not gc.isenabled(), "the test session runs as the app does: automatic collection off"
    gc.collect()
    node = _Node()
    watched = weakref.ref(node)
    del node
    for _ in range(gc.get_threshold()[0] + 1):
        _Node()  # more young objects than the threshold
    assert watched() is not None, "without automatic collection the cycle waits"
    assert collect_if_due() == 0
    assert watched() is None


def test_the_collector_turns_automatic_collection_off_and_collects_on_a_timer(qtbot) -> None:
    gc.enable()
    try:
        collector = MainThreadCollector(interval_ms=10)
        assert not gc.isenabled() and collector.timer.isActive()
        node = _Node()
        watched = weakref.ref(node)
        del node
        for _ in range(gc.get_threshold()[0] + 1):
            _Node()
        qtbot.waitUntil(lambda: watched() is None, timeout=2000)
    finally:
        gc.disable()
