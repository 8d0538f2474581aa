"""Values kept in one of Odoo's registry caches (cleared with it: README, Performance)."""


def registry_cached(pool, cache_name, key, compute):
    """The value of ``key`` in the registry's cache ``cache_name``, computed by ``compute()``
    and kept there on a miss (``compute`` gives anything but None). Read from the LRU's dict,
    not through its lock: the lock is a decorator that binds its arguments on each call, as
    long as the answers kept here take to give; a read of a dict is atomic, and a hit left
    where it is in the LRU's order is at worst computed again once evicted."""
    cache = pool._Registry__caches[cache_name]
    value = cache.d.get(key)
    if value is None:
        value = cache[key] = compute()
    return value
