/**
 * Writes into one of Calendar's fields so that Calendar keeps the change: Calendar listens to its
 * own editing events, not to `value`, so we type the way a user does (`execCommand('insertText')`
 * on the focused field), then send the key events its controllers wait for. Where execCommand is
 * not available (tests, a browser that dropped it) the value is set and an `input` event sent.
 */

/** Replaces an input's whole value with `value`. */
export function setInputValue(input: HTMLInputElement, value: string): void {
  input.focus();
  input.select();
  if (!execInsert(input.ownerDocument, value) || input.value !== value) {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  afterTyping(input);
}

/** Appends `text` at the end of a contenteditable field. */
export function appendToEditable(field: HTMLElement, text: string): void {
  const doc = field.ownerDocument;
  field.focus();
  const selection = doc.getSelection();
  if (selection) {
    const range = doc.createRange();
    range.selectNodeContents(field);
    range.collapse(false);
    selection.removeAllRanges();
    selection.addRange(range);
  }
  const before = field.textContent ?? '';
  if (!execInsert(doc, text) || (field.textContent ?? '') === before) {
    field.append(doc.createTextNode(text));
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
  afterTyping(field);
}

function execInsert(doc: Document, text: string): boolean {
  try {
    return typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, text);
  } catch {
    return false;
  }
}

function afterTyping(el: HTMLElement) {
  const view = el.ownerDocument.defaultView;
  if (view) for (const type of ['keydown', 'keypress', 'keyup']) el.dispatchEvent(new view.KeyboardEvent(type, { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}
