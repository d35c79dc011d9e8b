"""Honor rolls of good-credit individuals (红榜, 诚信典型, “阳江好人”): lists, honorees, consent."""
