import type { Signal } from '@preact/signals';

/** Sets one entry of a signal holding a map (a new map, so readers re-run); null removes it. */
export function setEntry<V>(map: Signal<ReadonlyMap<string, V>>, id: string, value: V | null): void {
  const next = new Map(map.value);
  if (value === null) next.delete(id);
  else next.set(id, value);
  map.value = next;
}
