/**
 * Scientific Data Sets as the SD interface stores them: a Vgroup of class "Var0.0" holding
 * the number type (NT), the dimension record (SDD), the data (SD), dimension Vgroups and
 * attribute Vdatas. Reads are hyperslabs: contiguous data reads only the rows it needs,
 * chunked data only the chunks it touches.
 */
import { InputError } from '../../../core/errors.js';
import { checkHyperslab, type Attribute, type VariableInfo } from '../data-file.js';
import type { Descriptor } from './descriptors.js';
import type { ChunkedLayout, Elements } from './element.js';
import { copyBlock, type Box } from './hyperslab.js';
import { allocValues, numberType, type NumberType, type TypedArray } from './number-type.js';
import { Cursor } from './source.js';
import { TAG } from './tags.js';
import { readVdataHeader, vdataAttribute, vdataBytes, vdataField, type Vgroup } from './vobjects.js';

export interface Sds {
  readonly info: VariableInfo;
  readonly nt: NumberType;
  /** The SD element; null when no data was ever written (all fill). */
  readonly data: Descriptor | null;
}

/** Rank and sizes past which an SDD record is corrupt. */
const MAX_RANK = 32;

export function readSds(el: Elements, vg: Vgroup, vgroups: ReadonlyMap<number, Vgroup>): Sds {
  const what = `dataset "${vg.name}"`;
  let ntRef = -1;
  let sddRef = -1;
  let data: Descriptor | null = null;
  const dims: string[] = [];
  const attrs: Record<string, Attribute> = {};
  for (const m of vg.members) {
    if (m.tag === TAG.NT) ntRef = m.ref;
    else if (m.tag === TAG.SDD) sddRef = m.ref;
    else if (m.tag === TAG.SD) data = el.find(TAG.SD, m.ref) ?? null;
    else if (m.tag === TAG.VG) {
      const d = vgroups.get(m.ref);
      if (d && /^U?Dim/.test(d.className)) dims.push(d.name);
    } else if (m.tag === TAG.VH) {
      const dd = el.find(TAG.VH, m.ref);
      if (!dd) continue;
      const vd = readVdataHeader(el, dd);
      if (vd.className.startsWith('Attr')) attrs[vd.name] = vdataAttribute(el, vd);
    }
  }
  if (sddRef < 0) throw new InputError(el.path, `${what}: no dimension record (SDD)`);
  const c = new Cursor(el.bytes(el.get(TAG.SDD, sddRef, what), `${what} SDD`), el.path, `${what} SDD`);
  const rank = c.u16();
  if (rank < 1 || rank > MAX_RANK) throw new InputError(el.path, `${what}: rank ${rank}`);
  const shape = Array.from({ length: rank }, () => c.u32());
  c.skip(2);
  const sddNt = c.u16();
  const ntDd = el.get(TAG.NT, ntRef >= 0 ? ntRef : sddNt, `${what} number type`);
  const ntBytes = new Cursor(el.bytes(ntDd, `${what} number type`), el.path, `${what} number type`);
  ntBytes.skip(1);
  const code = ntBytes.u8();
  ntBytes.skip(1);
  const cls = ntBytes.u8();
  const nt = numberType(code, cls === 4);
  if (!nt || nt.type === 'char') throw new InputError(el.path, `${what}: number type ${code} is not numeric data smfuse reads`);
  const names = dims.length === rank ? dims.map((d) => d.replace(/:.*$/, '')) : shape.map((_, i) => `dim${i}`);
  const info: VariableInfo = { name: vg.name, dims: names, shape, type: nt.type, attrs };
  return { info, nt, data };
}

/** Reads hyperslabs of one dataset, keeping the last inflated element for the next read. */
export class SdsReader {
  private layout: ChunkedLayout | null | undefined;
  private chunks: Map<string, { tag: number; ref: number }> | null = null;
  private cached: Buffer | null = null;

  constructor(
    private readonly el: Elements,
    readonly sds: Sds,
  ) {}

  read(start: readonly number[], count: readonly number[]): TypedArray {
    const { info, nt, data } = this.sds;
    checkHyperslab(this.el.path, info, start, count);
    const n = count.reduce((a, b) => a * b, 1);
    const out = allocValues(nt, n);
    const slab = { start, count };
    const fill = fillValue(info);
    if (data === null || n === 0) return out.fill(fill) as TypedArray;
    const what = `dataset "${info.name}"`;
    if (this.layout === undefined) this.layout = this.el.chunked(data, what);
    if (this.layout) {
      this.readChunks(this.layout, slab, out, fill);
      return out;
    }
    const total = info.shape.reduce((a, b) => a * b, 1) * nt.size;
    if (!data.special) {
      // contiguous: only the rows (slices of the first dimension) the slab touches
      if (data.length < total)
        throw new InputError(this.el.path, `${what}: ${data.length} bytes stored, ${total} expected for shape [${info.shape}]`);
      const block = leadingSlices(info.shape, slab);
      const sliceBytes = total / info.shape[0];
      const bytes = this.el.bytes(
        { ...data, offset: data.offset + block.start[0] * sliceBytes, length: block.count[0] * sliceBytes },
        what,
      );
      copyBlock(bytes, block, nt, out, slab);
      return out;
    }
    this.cached ??= this.el.bytes(data, what, total);
    if (this.cached.length < total) throw new InputError(this.el.path, `${what}: ${this.cached.length} bytes stored, ${total} expected`);
    copyBlock(this.cached, { start: info.shape.map(() => 0), count: info.shape }, nt, out, slab);
    return out;
  }

  private readChunks(layout: ChunkedLayout, slab: Box, out: TypedArray, fill: number): void {
    const { info, nt } = this.sds;
    const what = `dataset "${info.name}"`;
    if (layout.dims.length !== info.shape.length || layout.dims.some((d, i) => d !== info.shape[i])) {
      throw new InputError(this.el.path, `${what}: chunk layout [${layout.dims}] differs from shape [${info.shape}]`);
    }
    this.chunks ??= this.chunkTable(layout);
    const rank = info.shape.length;
    const first = slab.start.map((s, d) => Math.floor(s / layout.chunk[d]));
    const last = slab.start.map((s, d) => Math.floor((s + slab.count[d] - 1) / layout.chunk[d]));
    const chunkBytes = layout.chunk.reduce((a, b) => a * b, 1) * nt.size;
    if (this.chunks.size < layout.dims.reduce((a, n, d) => a * Math.ceil(n / layout.chunk[d]), 1)) out.fill(fill); // chunks never written
    const idx = [...first];
    for (;;) {
      const block = { start: idx.map((c, d) => c * layout.chunk[d]), count: layout.chunk };
      const where = this.chunks.get(idx.join(','));
      if (where) {
        const dd = this.el.get(where.tag, where.ref, `${what} chunk`);
        const bytes = this.el.bytes(dd, `${what} chunk [${idx}]`, chunkBytes);
        if (bytes.length < chunkBytes)
          throw new InputError(this.el.path, `${what} chunk [${idx}]: ${bytes.length} bytes, ${chunkBytes} expected`);
        copyBlock(bytes, block, nt, out, slab);
      }
      let d = rank - 1;
      for (; d >= 0; d--) {
        if (++idx[d] <= last[d]) break;
        idx[d] = first[d];
      }
      if (d < 0) return;
    }
  }

  /** Chunk index (in chunks along each dimension) → its element. */
  private chunkTable(layout: ChunkedLayout): Map<string, { tag: number; ref: number }> {
    const what = `dataset "${this.sds.info.name}" chunk table`;
    const vd = readVdataHeader(this.el, this.el.get(TAG.VH, layout.tableRef, what));
    const field = (name: string) => {
      const f = vd.fields.find((x) => x.name === name);
      if (!f) throw new InputError(this.el.path, `${what}: no field ${name}`);
      return f;
    };
    const bytes = vdataBytes(this.el, vd);
    const origins = vdataField(this.el, vd, field('origin'), bytes);
    const tags = vdataField(this.el, vd, field('chk_tag'), bytes);
    const refs = vdataField(this.el, vd, field('chk_ref'), bytes);
    const rank = layout.dims.length;
    if (origins.length !== vd.records * rank) throw new InputError(this.el.path, `${what}: origins are not ${rank}-D`);
    const table = new Map<string, { tag: number; ref: number }>();
    for (let r = 0; r < vd.records; r++)
      table.set(origins.slice(r * rank, (r + 1) * rank).join(','), { tag: tags[r] & 0x3fff, ref: refs[r] });
    return table;
  }
}

function fillValue(info: VariableInfo): number {
  const f = info.attrs._FillValue;
  return f && typeof f.value !== 'string' && f.value.length > 0 ? f.value[0] : 0;
}

/** Whole slices along the first dimension: the block a contiguous read of the slab loads. */
function leadingSlices(shape: readonly number[], slab: Box): Box {
  return { start: shape.map((_, d) => (d === 0 ? slab.start[0] : 0)), count: shape.map((n, d) => (d === 0 ? slab.count[0] : n)) };
}
