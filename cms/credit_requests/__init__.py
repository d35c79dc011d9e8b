"""Objections (异议) and credit repair requests (信用修复): one request machinery for every target."""
