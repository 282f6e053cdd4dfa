"""Site-wide pages: the accessibility statement, and the limited password reset."""
