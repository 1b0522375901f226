"""Things that write workbooks or sheets: the blank template, setup-sheet, annotate."""
