"""Demonstration data and demonstration sign-ins, for local use only: refused when DEBUG is off.

Nothing outside this app imports it. Its commands (generate_demo_values, setup_demo_users) refuse to
write with DEBUG off, and core.auth refuses a demonstration account's sign-in with DEBUG off.
"""
