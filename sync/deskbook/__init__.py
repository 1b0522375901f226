"""Deskbook: a property-management service desk's spreadsheets, turned into its handbook."""

from __future__ import annotations

__version__ = "0.1.0"
