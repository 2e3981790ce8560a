"""Python's cyclic garbage collector, run on the GUI thread only.

Left automatic, the collector runs on whichever thread happens to allocate: a Qt object caught in a
reference cycle is then destroyed on the worker thread, and Qt crashes (seen: a segfault in the test suite
while the worker was migrating a database, "Garbage-collecting" on its stack). So automatic collection is
off and the GUI thread collects, with the collector's own generational thresholds, on a timer. GitFourchette
and OpenCue's GUI do the same; reference counting still frees everything that is not in a cycle at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


def collect_if_due() -> int | None:
    """Collect the generations whose thresholds are passed, as the automatic collector would; the generation
    collected, or None when none was due."""
    threshold0, threshold1, threshold2 = gc.get_threshold()
    count0, count1, count2 = gc.get_count()
    if count0 <= threshold0:
        return None
    generation = 0
    if count1 > threshold1:
        generation = 2 if count2 > threshold2 else 1
    gc.collect(generation)
    return generation


class MainThreadCollector(QObject):
    """Turns automatic collection off for the life of the application and collects on the GUI thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(collect_if_due)
        self.timer.start(interval_ms)
