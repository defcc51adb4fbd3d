/**
 * A format-neutral view of a multidimensional file (NetCDF classic, NetCDF-4/HDF5):
 * variables with their shape, type and attributes, and hyperslab reads of raw values.
 * Product readers work on this, so each format is parsed in one place.
 */
import { InputError } from '../../core/errors.js';

export type NumericType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';

export interface Attribute {
  readonly type: NumericType | 'string';
  readonly value: string | readonly number[];
}

export interface VariableInfo {
  /** Full path for HDF5 (`/Soil_Moisture_Retrieval_Data_AM/soil_moisture`), the name for NetCDF. */
  readonly name: string;
  /** Dimension names where the file has them (NetCDF), else `dim0`, `dim1`, … */
  readonly dims: readonly string[];
  readonly shape: readonly number[];
  readonly type: NumericType | 'other';
  readonly attrs: Readonly<Record<string, Attribute>>;
}

export interface DataFile {
  readonly path: string;
  readonly format: 'netcdf-classic' | 'hdf5';
  readonly globalAttrs: Readonly<Record<string, Attribute>>;
  variables(): readonly VariableInfo[];
  /** The variable, or an InputError naming the file and the variables it does have. */
  variable(name: string): VariableInfo;
  hasVariable(name: string): boolean;
  /** Raw (still packed) values of the hyperslab [start, start + count), C order. */
  readRaw(name: string, start: readonly number[], count: readonly number[]): ArrayLike<number>;
  close(): void;
}

/** Finds a variable by name among `vars`, or fails naming what the file has. */
export function findVariable(path: string, vars: readonly VariableInfo[], name: string): VariableInfo {
  const v = vars.find((x) => x.name === name || x.name === `/${name.replace(/^\//, '')}`);
  if (v) return v;
  const names = vars
    .map((x) => x.name)
    .slice(0, 20)
    .join(', ');
  throw new InputError(path, `no variable "${name}" (the file has: ${names})`);
}

export function attrString(attrs: Readonly<Record<string, Attribute>>, name: string): string | undefined {
  const a = attrs[name];
  return a && typeof a.value === 'string' ? a.value : undefined;
}

export function attrNumbers(attrs: Readonly<Record<string, Attribute>>, name: string): readonly number[] | undefined {
  const a = attrs[name];
  return a && typeof a.value !== 'string' ? a.value : undefined;
}

/** Most values one read may return (2 GiB as float64): a corrupt shape must not exhaust memory. */
export const MAX_READ_VALUES = 2 ** 28;

/** Checks a hyperslab against the variable's shape and the memory budget before any library sees it. */
export function checkHyperslab(path: string, v: VariableInfo, start: readonly number[], count: readonly number[]): void {
  const ok =
    start.length === v.shape.length &&
    count.length === v.shape.length &&
    start.every((s, i) => Number.isInteger(s) && s >= 0 && count[i] >= 0 && s + count[i] <= v.shape[i]);
  if (!ok) throw new InputError(path, `${v.name}: cannot read [${start}]+[${count}] from shape [${v.shape}]`);
  const values = count.reduce((a, b) => a * b, 1);
  if (values > MAX_READ_VALUES)
    throw new InputError(
      path,
      `${v.name}: reading [${count}] (${values} values) is over the memory budget of ${MAX_READ_VALUES} values; is the shape [${v.shape}] corrupt?`,
    );
}
