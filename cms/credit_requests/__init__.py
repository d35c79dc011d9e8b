"""Objections (异议) and credit repair requests (信用修复); built in the exposure issue."""
