"""Publicity campaigns keyed to the calendar of publicity events (宣传日历); built in the calendar issue."""
