"""Demonstration data and demonstration sign-ins, for local use only. Nothing outside this app imports it."""
