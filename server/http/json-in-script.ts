/**
 * A value as JSON safe to write between `<script type="application/json">` and `</script>`: every
 * `<`, `>` and `&` is escaped (`\u003c`…), so no text in it (a meeting's title, a name) can close
 * the element or open a comment, and U+2028/U+2029 too. `JSON.parse` reads it back unchanged.
 */
export function jsonInScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
