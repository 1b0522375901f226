"""Logic that both checks and views use: ticket and contact states, service rules, masking."""
