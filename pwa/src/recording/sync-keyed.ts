/** Makes `current` hold exactly the keys in `wanted`: creates what is new, releases what is gone. */
export function syncKeyed<K, V>(
  current: Map<K, V>,
  wanted: ReadonlySet<K>,
  create: (key: K) => V,
  release: (value: V, key: K) => void,
): void {
  for (const [key, value] of current) {
    if (wanted.has(key)) continue;
    release(value, key);
    current.delete(key);
  }
  for (const key of wanted) if (!current.has(key)) current.set(key, create(key));
}
