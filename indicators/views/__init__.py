"""Scorecard pages, one module per feature."""
