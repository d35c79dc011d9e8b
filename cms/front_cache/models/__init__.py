from .purges import FrontCachePurge

__all__ = ["FrontCachePurge"]
