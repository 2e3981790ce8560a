"""Cold start to the first shown main window, against a bare PySide6 QMainWindow in the same run.

Each start is a new process (offscreen), timed from spawn to exit; the process ends itself with
`os._exit` on the first event-loop turn after the window is shown (so the shown window has been
laid out and painted), in both programs alike. MentorDesk's run uses a data folder that is
already set up, as on a normal day; it opens that data in the background after showing the window.
Target: MentorDesk / bare <= 1.5. Also printed: time until the data is open and the pages built.

    python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 1.5

BARE = """
import os
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1180, 760)
window.show()
QTimer.singleShot(0, lambda: os._exit(0))
app.exec()
"""

# Quits on the window's first show (or once the data is open, with --until-ready).
MENTORDESK = """
import sys, time
from mentordesk.ui import app as gui
from mentordesk.ui.main_window import MainWindow
until_ready = sys.argv[1] == "ready"
original = gui.AppController._opened
def opened(self, workspace):
    original(self, workspace)
    print(f"ready {time.perf_counter() - T0:.4f}", flush=True)
    gui.QApplication.quit()
gui.AppController._opened = opened
if not until_ready:
    import os
    from PySide6.QtCore import QTimer
    shown = MainWindow.showEvent
    def show_then_exit(self, event):
        shown(self, event)
        QTimer.singleShot(0, lambda: os._exit(0))
    MainWindow.showEvent = show_then_exit
from mentordesk.__main__ import main
sys.exit(main(["--data-dir", sys.argv[2]]))
"""


def time_process(code: str, *args: str) -> tuple[float, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", "import time; T0 = time.perf_counter()\n" + code, *args],
                            capture_output=True, text=True, env=env, timeout=120)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"start failed: {result.stderr.strip()[-500:]}")
    return elapsed, result.stdout


def prepare_data_dir() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="mentordesk-bench-"))
    from mentordesk.config.paths import AppPaths
    from mentordesk.services.workspace import open_workspace

    workspace = open_workspace(AppPaths(directory, f"sqlite:///{directory / 'mentordesk.db'}"))
    workspace.setup.complete("Benchmark Youth Centre", "Ana Nowak", "Pathways")
    workspace.close()
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    data_dir = prepare_data_dir()
    for _ in range(2):  # warm the file cache for both
        time_process(BARE)
        time_process(MENTORDESK, "window", str(data_dir))

    bare, ours, ready = [], [], []
    for _ in range(args.runs):  # interleaved, so drift on a noisy machine hits both alike
        bare.append(time_process(BARE)[0])
        ours.append(time_process(MENTORDESK, "window", str(data_dir))[0])
        ready.append(float(time_process(MENTORDESK, "ready", str(data_dir))[1].split()[-1]))

    def show(label: str, values: list[float]) -> None:
        print(f"{label:<44} median {statistics.median(values) * 1000:6.0f} ms "
              f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, n={len(values)})")

    show("bare PySide6 QMainWindow, spawn to exit", bare)
    show("MentorDesk, spawn to first shown window", ours)
    show("MentorDesk, in-process start to data open", ready)
    ratio = statistics.median(ours) / statistics.median(bare)
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    print(f"ratio MentorDesk / bare: {ratio:.2f}   target: at most {TARGET_RATIO}x   {verdict}")


if __name__ == "__main__":
    main()
