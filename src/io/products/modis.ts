/**
 * MODIS land products as LP DAAC ships them: HDF4-EOS granules (MOD11A1/MYD11A1 LST,
 * MOD13A1/A2/Q1 and MOD13C1 NDVI/EVI, MCD43A3 albedo, MOD11C1 CMG LST, …). Each field is on
 * its HDF-EOS grid (MODIS sinusoidal tiles or the 0.05° CMG), dated by the granule's
 * RANGEBEGINNINGDATE (the composite's first day), else by the name's `AYYYYDDD`.
 *
 * Scaling: MODIS stores scale_factor with two meanings. MOD13/MYD13 (vegetation indices)
 * store scale_factor = 10000 (100 for angles) meaning value = (stored − add_offset) /
 * scale_factor; MOD11/MYD11 (LST), MCD43 (albedo) and the rest multiply: value = stored ×
 * scale_factor + add_offset. The product's ShortName decides; a product not listed falls
 * back to MODIS's own rule of thumb (a factor above 1 is a divisor).
 */
import { InputError } from '../../../core/errors.js';
import { cfDecode, cfPacking, type CfPacking } from '../cf-decode.js';
import { attrString, type VariableInfo } from '../data-file.js';
import { checkedDate } from '../../cube/dates.js';
import { joinedMetadata, readEosGrids, type EosGrid } from '../hdf4/eos-grid.js';
import type { Hdf4File } from '../hdf4/hdf4-file.js';
import { findNode, odlString, parseOdl } from '../hdf4/odl.js';
import type { ProductFile, ProductOptions } from './product.js';

export type ScaleConvention = 'multiply' | 'divide';

/** ShortName prefixes whose scale_factor is a divisor (MODIS VI user guide, C6/C6.1). */
const DIVIDE = /^M[OY]D13/;
/** ShortName prefixes whose scale_factor multiplies (MOD11 and MCD43 user guides). */
const MULTIPLY = /^(M[OY]D11|MCD43)/;

/** Per-layer period of composite products (ISO 8601), by ShortName. */
const PERIODS: readonly [RegExp, string][] = [
  [/^M[OY]D13(A1|A2|Q1|C1)$/, 'P16D'],
  [/^M[OY]D13(A3|C2)$/, 'P1M'],
  [/^M[OY]D11(A2|C2)$/, 'P8D'],
  [/^M[OY]D11C3$/, 'P1M'],
];

/** Default field of each family: the variable smfuse's roles use. */
const DEFAULT_FIELD: readonly [RegExp, RegExp][] = [
  [/^M[OY]D11/, /^LST_Day/],
  [/^M[OY]D13/, /NDVI$/],
  [/^MCD43A3/, /^Albedo_WSA_shortwave$/],
];

export function scaleConvention(shortName: string, scaleFactor: number): ScaleConvention {
  if (DIVIDE.test(shortName)) return 'divide';
  if (MULTIPLY.test(shortName)) return 'multiply';
  return scaleFactor > 1 ? 'divide' : 'multiply';
}

/** A HDF4 file with HDF-EOS grids. */
export function isModis(h: Hdf4File): boolean {
  return /GridStructure/.test(joinedMetadata(h.globalAttrs, 'StructMetadata') ?? '');
}

export function modisFile(h: Hdf4File, options: ProductOptions = {}): ProductFile {
  const file = h.path;
  const struct = joinedMetadata(h.globalAttrs, 'StructMetadata');
  if (!struct) throw new InputError(file, 'HDF4 file without HDF-EOS StructMetadata.0: not a MODIS grid product');
  const grids = readEosGrids(file, struct);
  const core = parseOdl(joinedMetadata(h.globalAttrs, 'CoreMetadata') ?? '');
  const shortName = granuleShortName(h);
  const name = fieldName(h, grids, shortName, options.variable);
  const variable = h.variable(name);
  const eos = gridOfField(h, grids, name);
  const { grid } = eos;
  const dims = eos.fields.get(name);
  if (variable.shape.length !== 2 || variable.shape[0] !== grid.height || variable.shape[1] !== grid.width) {
    throw new InputError(
      file,
      `${name}: shape [${variable.shape}] (DimList ${dims?.join(', ') ?? '?'}) is not the ${eos.name} grid (${grid.height} rows × ${grid.width} columns); smfuse reads 2-D (YDim, XDim) fields`,
    );
  }
  const packing = modisPacking(file, variable, shortName);
  const period = PERIODS.find(([re]) => re.test(shortName))?.[1];
  return {
    file,
    product: 'modis',
    variable: name,
    grid,
    units: modisUnits(variable),
    dates: [granuleDate(file, core)],
    ...(period ? { period } : {}),
    readLayer(layer, w) {
      if (layer !== 0) throw new InputError(file, `${name}: has 1 layer, not ${layer + 1}`);
      const out = new Float32Array(w.rows * w.cols);
      if (out.length === 0) return out;
      cfDecode(h.readRaw(name, [w.row0, w.col0], [w.rows, w.cols]), packing, out);
      return out;
    },
    close: () => h.close(),
  };
}

/** How this granule's scaled fields decode, in words (for `smfuse info`); undefined when not HDF-EOS. */
export function modisScaling(h: Hdf4File): string | undefined {
  if (!isModis(h)) return undefined;
  const shortName = granuleShortName(h);
  const convention = scaleConvention(
    shortName,
    h
      .variables()
      .map((v) => cfScale(v))
      .find((x) => x !== 1) ?? 1,
  );
  return `${shortName}: value = ${convention === 'divide' ? '(stored − add_offset) / scale_factor' : 'stored × scale_factor + add_offset'}, after _FillValue and valid_range (MODIS ${convention === 'divide' ? 'MOD13 vegetation-index' : 'MOD11/MCD43'} convention)`;
}

function cfScale(v: VariableInfo): number {
  const s = v.attrs.scale_factor?.value;
  return Array.isArray(s) && s.length === 1 ? s[0] : 1;
}

function granuleShortName(h: Hdf4File): string {
  const core = parseOdl(joinedMetadata(h.globalAttrs, 'CoreMetadata') ?? '');
  return coreValue(core, 'SHORTNAME') ?? h.path.replace(/^.*\//, '').replace(/\..*$/, '');
}

/** CF packing of a field with MODIS's meaning of scale_factor for this product. */
export function modisPacking(file: string, v: VariableInfo, shortName: string): CfPacking {
  const p = cfPacking(file, v);
  if (scaleConvention(shortName, p.scale) === 'multiply') return p;
  return { ...p, scale: 1 / p.scale, offset: -p.offset / p.scale };
}

function modisUnits(v: VariableInfo): string {
  const u = (attrString(v.attrs, 'units') ?? '').trim();
  return /^(|none|no units?|unitless|reflectance|albedo|.*no units.*)$/i.test(u) ? '1' : u;
}

/** The field the user asked for: its name, or a unique shorter spelling (`NDVI`, `lst_day_1km`). */
function fieldName(h: Hdf4File, grids: readonly EosGrid[], shortName: string, wanted: string | undefined): string {
  const names = grids.flatMap((g) => [...g.fields.keys()]).filter((n) => h.hasVariable(n));
  const list = () => names.map((n) => `"${n}"`).join(', ');
  if (wanted === undefined) {
    const re = DEFAULT_FIELD.find(([p]) => p.test(shortName))?.[1];
    const found = re ? names.find((n) => re.test(n)) : names.length === 1 ? names[0] : undefined;
    if (!found) throw new InputError(h.path, `${shortName}: give the field with --var (fields: ${list()})`);
    return found;
  }
  if (names.includes(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  const words = (n: string) => n.toLowerCase().split(/[\s_]+/);
  const hits = names.filter((n) => n.toLowerCase() === lower);
  const partial =
    hits.length > 0
      ? hits
      : names.filter((n) => {
          const w = words(n);
          const want = lower.split(/[\s_]+/);
          return w.some((_, i) => want.every((x, j) => w[i + j] === x));
        });
  if (partial.length === 1) return partial[0];
  throw new InputError(
    h.path,
    partial.length === 0
      ? `no field "${wanted}" (fields: ${list()})`
      : `field "${wanted}" is ambiguous: ${partial.map((n) => `"${n}"`).join(', ')}`,
  );
}

function gridOfField(h: Hdf4File, grids: readonly EosGrid[], name: string): EosGrid {
  const byVgroup = h.gridOf(name);
  const g = grids.find((x) => x.name === byVgroup) ?? grids.find((x) => x.fields.has(name));
  if (!g) throw new InputError(h.path, `${name}: not a field of any HDF-EOS grid in StructMetadata.0`);
  return g;
}

function coreValue(core: ReturnType<typeof parseOdl>, object: string): string | undefined {
  return odlString(findNode(core, object)?.values.get('VALUE'));
}

/** RANGEBEGINNINGDATE of the granule, else the `AYYYYDDD` of its name; null when neither. */
function granuleDate(file: string, core: ReturnType<typeof parseOdl>): string | null {
  const begin = coreValue(core, 'RANGEBEGINNINGDATE');
  const m = begin === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(begin);
  if (m) return checkedDate(+m[1], +m[2], +m[3], file, `RANGEBEGINNINGDATE "${begin}"`);
  const name = file.replace(/^.*\//, '');
  const a = /\.A(\d{4})(\d{3})\./.exec(name);
  if (!a) return null;
  const day = Number(a[2]);
  const year = Number(a[1]);
  const days = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 366 : 365;
  if (day < 1 || day > days) throw new InputError(file, `day of year ${a[2]} in the file name "${name}" is not a day of ${year}`);
  return new Date(Date.UTC(year, 0, day)).toISOString().slice(0, 10);
}
