"""The ground floor: the vocabulary every stage shares (issues, typed records, choices,
pages); it imports nothing of the project but i18n and errors."""
