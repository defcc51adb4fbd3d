/**
 * Vgroups (named lists of (tag, ref) members: the object tree of the SD and HDF-EOS
 * layers) and Vdatas (tables of records: attributes, dimension values, chunk tables).
 */
import { InputError } from '../../../core/errors.js';
import type { Attribute } from '../data-file.js';
import type { Descriptor } from './descriptors.js';
import type { Elements } from './element.js';
import { decodeValues, numberType, type NumberType } from './number-type.js';
import { Cursor, cString } from './source.js';
import { TAG } from './tags.js';

export interface Vgroup {
  readonly ref: number;
  readonly name: string;
  readonly className: string;
  readonly members: readonly { tag: number; ref: number }[];
}

export interface VdataField {
  readonly name: string;
  readonly type: NumberType;
  readonly offset: number;
  readonly order: number;
}

export interface Vdata {
  readonly ref: number;
  readonly name: string;
  readonly className: string;
  readonly records: number;
  readonly recordSize: number;
  readonly fields: readonly VdataField[];
}

export function readVgroup(el: Elements, dd: Descriptor): Vgroup {
  const what = `Vgroup ${dd.ref}`;
  const c = new Cursor(el.bytes(dd, what), el.path, what);
  const n = c.u16();
  const tags: number[] = [];
  for (let i = 0; i < n; i++) tags.push(c.u16() & 0x3fff);
  const members = tags.map((tag) => ({ tag, ref: c.u16() }));
  const name = c.text(c.u16());
  const className = c.text(c.u16());
  return { ref: dd.ref, name, className, members };
}

export function readVdataHeader(el: Elements, dd: Descriptor): Vdata {
  const what = `Vdata header ${dd.ref}`;
  const c = new Cursor(el.bytes(dd, what), el.path, what);
  c.skip(2); // interlace
  const records = c.u32();
  const recordSize = c.u16();
  const n = c.u16();
  const types = Array.from({ length: n }, () => c.u16());
  c.skip(2 * n); // field sizes (order × type size)
  const offsets = Array.from({ length: n }, () => c.u16());
  const orders = Array.from({ length: n }, () => c.u16());
  const fields: VdataField[] = [];
  for (let i = 0; i < n; i++) {
    const name = c.text(c.u16());
    const type = numberType(types[i]);
    if (!type) throw new InputError(el.path, `${what}: field "${name}" has unknown number type ${types[i]}`);
    if (offsets[i] + orders[i] * type.size > recordSize)
      throw new InputError(el.path, `${what}: field "${name}" lies outside its ${recordSize}-byte record`);
    fields.push({ name, type, offset: offsets[i], order: orders[i] });
  }
  const name = c.text(c.u16());
  const className = c.text(c.u16());
  return { ref: dd.ref, name, className, records, recordSize, fields };
}

/** The stored records of a Vdata (its VS element). */
export function vdataBytes(el: Elements, vd: Vdata): Buffer {
  const what = `Vdata "${vd.name}"`;
  const dd = el.find(TAG.VS, vd.ref);
  const need = vd.records * vd.recordSize;
  if (!dd) {
    if (need === 0) return Buffer.alloc(0);
    throw new InputError(el.path, `${what}: its ${vd.records} records are missing`);
  }
  const b = el.bytes(dd, what);
  if (b.length < need)
    throw new InputError(el.path, `${what}: ${b.length} bytes stored, ${vd.records} records of ${vd.recordSize} bytes expected`);
  return b;
}

/** All values of one field, record after record. */
export function vdataField(el: Elements, vd: Vdata, field: VdataField, bytes = vdataBytes(el, vd)): number[] {
  const out: number[] = [];
  for (let r = 0; r < vd.records; r++) {
    out.push(...decodeValues(bytes, r * vd.recordSize + field.offset, field.order, field.type));
  }
  return out;
}

/** An attribute Vdata (class Attr0.0): one field named VALUES, text or numbers. */
export function vdataAttribute(el: Elements, vd: Vdata): Attribute {
  if (vd.fields.length !== 1) throw new InputError(el.path, `attribute "${vd.name}": ${vd.fields.length} fields, expected 1`);
  const f = vd.fields[0];
  const bytes = vdataBytes(el, vd);
  if (f.type.type === 'char') {
    const parts: string[] = [];
    for (let r = 0; r < vd.records; r++)
      parts.push(cString(bytes.subarray(r * vd.recordSize + f.offset, r * vd.recordSize + f.offset + f.order)));
    return { type: 'string', value: parts.join('') };
  }
  return { type: f.type.type, value: vdataField(el, vd, f, bytes) };
}
