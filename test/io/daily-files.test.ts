import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/io/daily-files.js';

function folder(names: string[]): string {
  const dir = mkdtempSync('/tmp/smfuse-daily-');
  for (const n of names) writeFileSync(join(dir, n), '');
  return dir;
}

describe('expandInputs', () => {
  it('a {YYYYMMDD} pattern: matching files only, sorted by date, gaps left as gaps', () => {
    const dir = folder(['CCI-20140103-v2.nc', 'CCI-20140101-v2.nc', 'CCI-20140105-v2.nc', 'CCI-2014010-v2.nc', 'other.txt']);
    const files = expandInputs([join(dir, 'CCI-{YYYYMMDD}-*.nc')]);
    expect(files.map((f) => f.date)).toEqual(['2014-01-01', '2014-01-03', '2014-01-05']);
    expect(files[0].path).toBe(join(dir, 'CCI-20140101-v2.nc'));
  });

  it('{YYYYDDD} is a day of year', () => {
    const dir = folder(['FY3B_2012060.h5', 'FY3B_2013060.h5']);
    expect(expandInputs([join(dir, 'FY3B_{YYYYDDD}.h5')]).map((f) => f.date)).toEqual(['2012-02-29', '2013-03-01']);
  });

  it('keeps every file of one date, in name order (tiles of a mosaic; the product stack refuses true duplicates)', () => {
    const dir = folder(['a-20140102-v1.nc', 'a-20140101-v2.nc', 'a-20140101-v1.nc']);
    expect(expandInputs([join(dir, 'a-{YYYYMMDD}-*.nc')]).map((f) => f.path)).toEqual(
      ['a-20140101-v1.nc', 'a-20140101-v2.nc', 'a-20140102-v1.nc'].map((n) => join(dir, n)),
    );
  });

  it('a folder gives its regular files, undated, in name order', () => {
    const dir = folder(['b.nc', 'a.nc']);
    mkdirSync(join(dir, 'sub'));
    expect(expandInputs([dir]).map((f) => [f.path, f.date])).toEqual([
      [join(dir, 'a.nc'), null],
      [join(dir, 'b.nc'), null],
    ]);
  });

  it('no match, a missing file or an unknown token are errors naming the input', () => {
    const dir = folder(['x.nc']);
    expect(() => expandInputs([join(dir, 'y-{YYYYMMDD}.nc')])).toThrow(/y-\{YYYYMMDD\}\.nc: no file matches/);
    expect(() => expandInputs([join(dir, 'z.nc')])).toThrow(/z\.nc: file not found/);
    expect(() => expandInputs([join(dir, 'x-{DD}.nc')])).toThrow(/unknown date token \{DD\}/);
  });
});
