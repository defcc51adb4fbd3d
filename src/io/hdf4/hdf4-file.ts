/**
 * An HDF4 file through the SD (Scientific Data Set) model: its datasets with shapes, types
 * and attributes, the file (global) attributes, and which HDF-EOS grid each dataset belongs
 * to (from the Vgroup tree). Shaped like DataFile so product readers can use it the same way.
 */
import { InputError } from '../../../core/errors.js';
import { findVariable, type Attribute, type VariableInfo } from '../data-file.js';
import { readDescriptors } from './descriptors.js';
import { Elements } from './element.js';
import type { TypedArray } from './number-type.js';
import { readSds, SdsReader } from './sds.js';
import { FileSource } from './source.js';
import { TAG } from './tags.js';
import { readVdataHeader, readVgroup, vdataAttribute, type Vgroup } from './vobjects.js';

export interface Hdf4File {
  readonly path: string;
  readonly format: 'hdf4';
  readonly globalAttrs: Readonly<Record<string, Attribute>>;
  variables(): readonly VariableInfo[];
  variable(name: string): VariableInfo;
  hasVariable(name: string): boolean;
  /** The HDF-EOS grid (Vgroup of class GRID) a dataset is in, or null. */
  gridOf(name: string): string | null;
  readRaw(name: string, start: readonly number[], count: readonly number[]): TypedArray;
  close(): void;
}

/** Vgroup nesting deeper than this is a loop or corruption. */
const MAX_DEPTH = 64;

export function openHdf4(path: string): Hdf4File {
  const src = new FileSource(path);
  try {
    return build(src);
  } catch (err) {
    src.close();
    if (err instanceof InputError) throw err;
    // a RangeError from a typed array or Buffer on a corrupt record: still a bad file
    throw new InputError(path, `corrupt HDF4 file (${err instanceof Error ? err.message : String(err)})`);
  }
}

function build(src: FileSource): Hdf4File {
  const dds = readDescriptors(src);
  const el = new Elements(src, dds);
  const vgroups = new Map<number, Vgroup>();
  for (const dd of dds.values()) if (dd.tag === TAG.VG) vgroups.set(dd.ref, readVgroup(el, dd));

  const globalAttrs: Record<string, Attribute> = {};
  const readers = new Map<string, SdsReader>();
  const grids = new Map<string, string>();
  const nameOfRef = new Map<number, string>();
  const ndgName = new Map<number, string>();
  for (const vg of vgroups.values()) {
    if (vg.className === 'CDF0.0') {
      for (const m of vg.members) {
        const dd = m.tag === TAG.VH ? el.find(TAG.VH, m.ref) : undefined;
        if (!dd) continue;
        const vd = readVdataHeader(el, dd);
        if (vd.className.startsWith('Attr')) globalAttrs[vd.name] = vdataAttribute(el, vd);
      }
    } else if (vg.className.startsWith('Var')) {
      const sds = readSds(el, vg, vgroups);
      // the same name twice (rare): later ones get their ref, as netCDF-Java does
      const name = readers.has(sds.info.name) ? `${sds.info.name}${vg.ref}` : sds.info.name;
      readers.set(name, new SdsReader(el, { ...sds, info: { ...sds.info, name } }));
      nameOfRef.set(vg.ref, name);
      // HDF-EOS lists a grid's fields by their NDG refs, the SD layer by Var vgroup refs
      for (const m of vg.members) if (m.tag === TAG.NDG) ndgName.set(m.ref, name);
    }
  }
  for (const vg of vgroups.values()) {
    if (vg.className !== 'GRID') continue;
    for (const m of membersUnder(vg, vgroups, 0)) {
      const name = m.tag === TAG.NDG ? ndgName.get(m.ref) : nameOfRef.get(m.ref);
      if (name !== undefined) grids.set(name, vg.name);
    }
  }
  const infos = [...readers.values()].map((r) => r.sds.info);
  const reader = (name: string) => readers.get(findVariable(src.path, infos, name).name)!;
  return {
    path: src.path,
    format: 'hdf4',
    globalAttrs,
    variables: () => infos,
    variable: (name) => reader(name).sds.info,
    hasVariable: (name) => readers.has(name),
    gridOf: (name) => grids.get(name) ?? null,
    readRaw: (name, start, count) => {
      try {
        return reader(name).read(start, count);
      } catch (err) {
        if (err instanceof InputError) throw err;
        throw new InputError(src.path, `${name}: corrupt data (${err instanceof Error ? err.message : String(err)})`);
      }
    },
    close: () => src.close(),
  };
}

/** Members anywhere below a grid Vgroup ("Data Fields" and so on), Var vgroups not opened. */
function membersUnder(vg: Vgroup, vgroups: ReadonlyMap<number, Vgroup>, depth: number): { tag: number; ref: number }[] {
  if (depth > MAX_DEPTH) return [];
  return vg.members.flatMap((m) => {
    const child = m.tag === TAG.VG ? vgroups.get(m.ref) : undefined;
    return !child || child.className.startsWith('Var') ? [m] : membersUnder(child, vgroups, depth + 1);
  });
}
