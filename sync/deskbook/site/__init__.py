"""Pages for MkDocs: rendering, escaping, charts, search terms, the plugin, theme and assets."""
