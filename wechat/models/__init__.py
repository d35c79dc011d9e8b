from .articles import WeChatArticle, WeChatShownObject
from .images import WeChatImage

__all__ = ["WeChatArticle", "WeChatImage", "WeChatShownObject"]
