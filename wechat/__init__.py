"""The WeChat official account channel (信用阳江 公众号); built in a later issue."""
