/**
 * A map holding at most `capacity` units, the oldest entries going first (a Map keeps insertion
 * order); an entry weighs `weight(value)` units, 1 by default.
 */
export type BoundedCache<K, V> = {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  clear(): void;
};

export function boundedCache<K, V>(
  capacity: number,
  weight: (value: V) => number = () => 1,
): BoundedCache<K, V> {
  const entries = new Map<K, V>();
  let used = 0;
  const remove = (key: K): void => {
    const value = entries.get(key);
    if (value === undefined) return;
    entries.delete(key);
    used -= weight(value);
  };
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      remove(key);
      entries.set(key, value);
      used += weight(value);
      for (const old of entries.keys()) {
        if (used <= capacity) break;
        remove(old);
      }
    },
    clear() {
      entries.clear();
      used = 0;
    },
  };
}
