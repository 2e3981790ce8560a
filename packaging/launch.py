"""PyInstaller entry point: `mentordesk/__main__.py` is a module of the package, not a script.

Running it as the bundle's top-level script would make it `__main__` outside its package;
importing it keeps `mentordesk.` imports (and `mentordesk.__main__.main`) exactly as installed.
"""

import sys

from mentordesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
