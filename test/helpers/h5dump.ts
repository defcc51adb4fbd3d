import { execFileSync, spawnSync } from 'node:child_process';

/** hdf5-tools' h5dump is the independent reader of HDF5 datasets. */
export const hasH5dump = spawnSync('h5dump', ['--version']).error === undefined;

/** A dataset's values as h5dump prints them (17 significant digits: exact for float32 and float64), C order. */
export function h5dumpValues(file: string, dataset: string): number[] {
  const text = execFileSync('h5dump', ['-m', '%.17g', '-y', '-w', '0', '-d', dataset, file], { encoding: 'utf8', maxBuffer: 512 << 20 });
  const start = text.indexOf('DATA {') + 'DATA {'.length;
  return text
    .slice(start, text.indexOf('}', start))
    .split(/[,\s]+/)
    .filter((s) => s !== '')
    .map(Number);
}
