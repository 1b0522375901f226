"""Things that write workbooks or sheets: the blank template, setup-sheet, annotate, and
the formula guard for any file a spreadsheet opens."""
