/**
 * A lookup table over one of the document's lists, built once per version of that list: a write
 * replaces a list it changes (lowdb-document.ts), so a list seen before still has the same index.
 */
export function indexBy<T>(key: (item: T) => string | undefined) {
  const cache = new WeakMap<readonly T[], Map<string, T>>();
  return (list: readonly T[]): Map<string, T> => {
    let index = cache.get(list);
    if (!index) {
      index = new Map();
      for (const item of list) {
        const k = key(item);
        if (k !== undefined) index.set(k, item);
      }
      cache.set(list, index);
    }
    return index;
  };
}

/** The caller's own copy of a stored record (stored ones are shared and never changed in place). */
export const own = <T>(record: T): T => structuredClone(record);

/** A list with the items `pick` chooses replaced by `change(item)`; the same list when none was chosen. */
export function replaceWhere<T>(list: readonly T[], pick: (item: T) => boolean, change: (item: T) => T): T[] {
  let changed = false;
  const next = list.map((item) => {
    if (!pick(item)) return item;
    changed = true;
    return change(item);
  });
  return changed ? next : (list as T[]);
}
