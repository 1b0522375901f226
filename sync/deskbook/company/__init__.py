"""A company of many estates: one settings file, every estate's handbook, a roll-up site."""
