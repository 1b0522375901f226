"""`make bench`: run every benchmark in this folder (each module with a `main()`), in name order.

Each prints its own timings as ratios against a baseline measured in the same run, so the
figures compare across machines; absolute seconds are printed alongside for the record.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    sys.path.insert(0, str(HERE))
    for path in sorted(HERE.glob("*.py")):
        if path.stem == "run":
            continue
        module = importlib.import_module(path.stem)
        if hasattr(module, "main"):
            module.main([])


if __name__ == "__main__":
    main()
