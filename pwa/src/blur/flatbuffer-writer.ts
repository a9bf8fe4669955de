/**
 * A minimal FlatBuffers writer that lays objects out front to back, so a new root can
 * point forward into bytes that follow it (an existing buffer appended at the end).
 * Enough for small metadata tables; not a general FlatBuffers library.
 */

export type Field =
  | { u8: number }
  | { u32: number }
  | { ref: FbNode }
  /** An object already present at this absolute position of the output. */
  | { at: number }
  | undefined;

export type FbNode =
  | { table: Field[] }
  | { vector: (FbNode | { at: number })[] }
  | { floats: number[] }
  | { bytes: Uint8Array; align?: number }
  | { string: string };

export class ForwardWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private grow(need: number) {
    if (this.length + need <= this.buf.length) return;
    let size = this.buf.length;
    while (this.length + need > size) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Pads with zeros until `(length + offset) % n === 0`. */
  align(n: number, offset = 0) {
    const pad = (n - ((this.length + offset) % n)) % n;
    this.grow(pad);
    this.length += pad;
  }

  u8(v: number) {
    this.grow(1);
    this.view.setUint8(this.length++, v);
  }
  u16(v: number) {
    this.grow(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
  }
  u32(v: number) {
    this.grow(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }
  f32(v: number) {
    this.grow(4);
    this.view.setFloat32(this.length, v, true);
    this.length += 4;
  }
  raw(bytes: Uint8Array) {
    this.grow(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  setU32(at: number, v: number) {
    this.view.setUint32(at, v, true);
  }
  /** Points the uoffset slot at `slot` to `target` (which must lie after it). */
  link(slot: number, target: number) {
    if (target <= slot) throw new Error('flatbuffer offsets must point forward');
    this.setU32(slot, target - slot);
  }

  /** Writes a node (and everything it references) and returns its position. */
  write(node: FbNode): number {
    if ('table' in node) return this.writeTable(node.table);
    if ('vector' in node) {
      this.align(4);
      const pos = this.length;
      this.u32(node.vector.length);
      const slots = node.vector.map(() => {
        const slot = this.length;
        this.u32(0);
        return slot;
      });
      node.vector.forEach((item, i) => this.link(slots[i]!, 'at' in item ? item.at : this.write(item)));
      return pos;
    }
    if ('floats' in node) {
      this.align(4);
      const pos = this.length;
      this.u32(node.floats.length);
      for (const f of node.floats) this.f32(f);
      return pos;
    }
    if ('bytes' in node) {
      this.align(node.align ?? 4, 4);
      const pos = this.length;
      this.u32(node.bytes.length);
      this.raw(node.bytes);
      return pos;
    }
    const text = new TextEncoder().encode(node.string);
    this.align(4);
    const pos = this.length;
    this.u32(text.length);
    this.raw(text);
    this.u8(0);
    return pos;
  }

  private writeTable(fields: Field[]): number {
    // vtable first (2-aligned), then the table: an soffset back to it and one 4-byte slot per field.
    this.align(4);
    const vtable = this.length;
    this.u16(4 + 2 * fields.length);
    this.u16(4 + 4 * fields.length);
    fields.forEach((f, i) => this.u16(f === undefined ? 0 : 4 + 4 * i));
    this.align(4);
    const table = this.length;
    this.u32(table - vtable); // soffset: vtable = table - soffset
    const refs: [number, FbNode | number][] = [];
    for (const f of fields) {
      const slot = this.length;
      if (f === undefined || 'u32' in f) this.u32(f?.u32 ?? 0);
      else if ('u8' in f) {
        this.u8(f.u8);
        this.align(4);
      } else {
        this.u32(0);
        refs.push([slot, 'ref' in f ? f.ref : f.at]);
      }
    }
    for (const [slot, target] of refs) this.link(slot, typeof target === 'number' ? target : this.write(target));
    return table;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Reads the uoffset stored at `pos` and returns the absolute position it points to. */
export function deref(view: DataView, pos: number): number {
  return pos + view.getUint32(pos, true);
}

/** Absolute position of field `index` of the table at `table`, or null when absent. */
export function fieldPos(view: DataView, table: number, index: number): number | null {
  const vtable = table - view.getInt32(table, true);
  const vtableSize = view.getUint16(vtable, true);
  if (4 + 2 * index >= vtableSize) return null;
  const offset = view.getUint16(vtable + 4 + 2 * index, true);
  return offset === 0 ? null : table + offset;
}
