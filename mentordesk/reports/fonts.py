"""The fonts every MentorDesk PDF uses: DejaVu Sans, embedded, so all European scripts render.

ReportLab's built-in fonts (Helvetica…) cover Latin-1 only: "Wacławiak", Greek or Cyrillic
names would print as black boxes. DejaVu Sans covers Latin, Greek and Cyrillic and is free to
embed (licence in resources/fonts/DejaVu-LICENSE.txt); ReportLab embeds only the glyphs used.

ReportLab is imported inside the function: it costs about 100 ms and must stay off the path
to the first window.
"""

from __future__ import annotations

import threading

from mentordesk.config.paths import resource_path

SANS = "MD-Sans"
SANS_BOLD = "MD-Sans-Bold"

_FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf"}
# ReportLab's font registry is process-wide; PDFs may be built on worker threads.
_LOCK = threading.Lock()


def register_fonts() -> tuple[str, str]:
    """Register the regular and bold fonts once per process; returns their names (regular, bold).

    Raises FileNotFoundError naming the missing file when the installation lacks a font.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _LOCK:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, file_name in _FILES.items():
            if name in registered:
                continue
            path = resource_path("fonts", file_name)
            if not path.is_file():
                raise FileNotFoundError(f"The PDF font {path} is missing; please reinstall MentorDesk.")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        # <b> inside a paragraph switches to the bold face; there is no italic face, so italic
        # falls back to the upright one rather than to a Latin-1-only built-in font.
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS)
        addMapping(SANS, 1, 1, SANS_BOLD)
    return SANS, SANS_BOLD
