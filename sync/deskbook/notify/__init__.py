"""Telling the office: failures, data errors and a daily digest, through apprise."""
