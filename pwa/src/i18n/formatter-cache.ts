/** Intl objects by language and options: a page's first of a kind is costly, later ones are not free (a few kinds per page; bounded all the same). */
export function formatterCache() {
  const made = new Map<string, unknown>();
  return {
    get<F>(key: string, make: () => F): F {
      let formatter = made.get(key) as F | undefined;
      if (!formatter) {
        if (made.size >= 64) made.clear();
        formatter = make();
        made.set(key, formatter);
      }
      return formatter;
    },
  };
}
