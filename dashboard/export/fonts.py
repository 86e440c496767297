"""vl-convert draws every export with its own embedded Liberation Sans, held in memory.

vl-convert (1.9) builds one font database per process, on its first conversion: the system's
fonts first, then the Liberation Sans it embeds. Where the system has Liberation Sans too (the
Debian package fonts-liberation), "Liberation Sans" resolves to the system file, and usvg then
opens and maps that file again for every glyph it measures (Vega's layout) or draws (the PNG):
about four `openat` + `mmap` per glyph under strace, 0.1–0.2 ms each, which was half the time of
an export. The embedded copy is the same typeface with the same metrics, read from memory.

`use_embedded_fonts()` has vl-convert build its database while `FONTCONFIG_FILE` names a
configuration with one empty font folder, so no system font is loaded, then restores the
variable. A character Liberation Sans lacks is drawn as its empty box (no system fallback),
which `tests/dashboard/test_export_fonts.py` guards for every text the exports write. When the
database was already built in this process (an earlier conversion), the call changes nothing:
exports stay correct, only slower.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

import vl_convert

_CONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{folder}</dir></fontconfig>
"""

#: The smallest conversion that makes vl-convert build its font database (text needs fonts).
_PROBE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
    '<text font-family="Liberation Sans">a</text></svg>'
)

_lock = threading.Lock()
_prepared = False


def use_embedded_fonts() -> None:
    """Make vl-convert's font database hold only its embedded fonts (once per process)."""
    global _prepared
    if _prepared:
        return
    with _lock:
        if _prepared:
            return
        with tempfile.TemporaryDirectory(prefix="vl-convert-fonts-") as work:
            empty = Path(work, "fonts")
            empty.mkdir()
            config = Path(work, "fonts.conf")
            config.write_text(_CONFIG.format(folder=empty), encoding="utf-8")
            previous = os.environ.get("FONTCONFIG_FILE")
            os.environ["FONTCONFIG_FILE"] = str(config)
            try:
                vl_convert.svg_to_png(_PROBE)
            finally:
                if previous is None:
                    del os.environ["FONTCONFIG_FILE"]
                else:
                    os.environ["FONTCONFIG_FILE"] = previous
        _prepared = True
