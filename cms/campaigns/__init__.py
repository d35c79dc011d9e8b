"""Publicity campaigns (诚信宣传) keyed to the calendar of publicity events (宣传日历)."""
