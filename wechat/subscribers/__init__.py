"""Answering the 信用阳江 account's subscribers: the callback, keyword replies, events and the menu."""
