"""Exposure lists of serious dishonesty (黑榜); built in the exposure issue."""
