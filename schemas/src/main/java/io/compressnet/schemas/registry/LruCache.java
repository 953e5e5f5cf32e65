package io.compressnet.schemas.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small thread-safe least-recently-used cache; registry answers are immutable, so caching is
 * safe.
 */
final class LruCache<K, V> {
  private final Map<K, V> map;

  LruCache(int capacity) {
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized V get(K key) {
    return map.get(key);
  }

  synchronized void put(K key, V value) {
    map.put(key, value);
  }

  /**
   * Returns the cached value or loads it. The loader runs outside the lock so a slow registry call
   * does not block other lookups; two threads may then load the same key, which is harmless.
   */
  V getOrLoad(K key, Function<K, V> loader) {
    V cached = get(key);
    if (cached != null) {
      return cached;
    }
    V loaded = loader.apply(key);
    put(key, loaded);
    return loaded;
  }
}
