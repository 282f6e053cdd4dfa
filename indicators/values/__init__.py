"""Indicator values, targets and comparators: the one way they are written (service), the one parser
for figures people type (numbers), the one sign-off rule (locks), and the browser grid (grid, forms).
"""
