"""Turning page specs into Markdown: the one Jinja environment, escaping, rich text, charts,
held HTML. Below the views, which hand it page specs; it knows no site engine."""
