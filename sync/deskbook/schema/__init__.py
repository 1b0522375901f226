"""The tabs as declared data, cell parsers, and validation of raw rows into records."""
