"""Core: base layout, site settings, shared blocks and the "left the public" signal."""
