from __future__ import annotations

from deskbook.cli import main

main()
