"""The WeChat channel's thread pools: one of each per process, bounded by a setting."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

_lock = threading.Lock()
_pools: dict[str, ThreadPoolExecutor] = {}


def pool(name: str, setting: str, default: int) -> ThreadPoolExecutor:
    """Created on first use and kept, so that its threads keep their HTTP connections."""
    with _lock:
        if name not in _pools:
            _pools[name] = ThreadPoolExecutor(
                max_workers=getattr(settings, setting, default), thread_name_prefix=name
            )
        return _pools[name]
