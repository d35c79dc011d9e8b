from .log import Follower, MessageLog  # noqa: F401
from .replies import KeywordReply  # noqa: F401
from .settings import SubscriberSettings  # noqa: F401
