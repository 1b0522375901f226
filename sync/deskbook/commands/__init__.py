"""What each CLI command does, as functions that return result objects."""
