"""Exposure lists of serious dishonesty (黑榜)."""
