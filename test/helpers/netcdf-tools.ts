import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** netcdf-bin (ncgen, ncdump) builds the fixtures and is the independent reader. */
export const hasNetcdfTools = spawnSync('ncdump', []).error === undefined && spawnSync('ncgen', ['-version']).error === undefined;

export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** A NetCDF file built from CDL text (`kind`: classic, 64-bit-offset, nc4) in a fresh folder. */
export function ncgen(cdl: string, kind: 'classic' | '64-bit-offset' | 'nc4', name: string): string {
  const dir = mkdtempSync('/tmp/smfuse-ncgen-');
  const out = join(dir, name);
  execFileSync('ncgen', ['-k', kind, '-o', out], { input: cdl, maxBuffer: 64 << 20 });
  return out;
}

/** The values of one variable as `ncdump -v` prints them (`_` = fill → NaN), C order. */
export function ncdumpValues(file: string, variable: string): number[] {
  const text = execFileSync('ncdump', ['-p', '9,17', '-v', variable, file], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const data = text.slice(text.lastIndexOf('data:'));
  const m = new RegExp(`\\b${variable.replace(/^.*\//, '')} =([^;]*);`).exec(data);
  if (!m) throw new Error(`ncdump printed no ${variable} in ${file}`);
  return m[1].split(',').map((s) => (s.trim() === '_' ? NaN : Number(s)));
}

/** CDL data for a mostly-missing variable of `size` values: `cells` maps C-order index → value. */
export function sparseCdlData(size: number, cells: ReadonlyMap<number, number>, fill = '_'): string {
  const parts = new Array<string>(size).fill(fill);
  for (const [i, v] of cells) parts[i] = String(v);
  return parts.join(',');
}

/** A committed CDL template with each `@name@` replaced by its data. */
export function fillCdl(template: string, data: Record<string, string>): string {
  return template.replace(/@(\w+)@/g, (_, name: string) => {
    if (data[name] === undefined) throw new Error(`no data for @${name}@`);
    return data[name];
  });
}
