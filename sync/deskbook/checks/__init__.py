"""Checks on the validated data: issue classes, cross-tab relations, office rules."""
