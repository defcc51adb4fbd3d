import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES, readCsvText } from '../../src/io/csv.js';
import { readSiteSeries } from '../../src/io/site-series.js';
import { readStationsCsv } from '../../src/io/stations.js';
import { InputError } from '../../core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-csv-'));

describe('CSV size budget', () => {
  it('reads a file within the budget, refuses one over it before reading', async () => {
    const file = join(dir, 'small.csv');
    writeFileSync(file, 'a,b\n1,2\n'); // 8 bytes
    expect(await readCsvText(file, 'test file', 8)).toBe('a,b\n1,2\n');
    await expect(readCsvText(file, 'test file', 7)).rejects.toThrow(
      `${file}: test file is 0 MiB, over the 0 MiB a CSV may have (split it)`,
    );
    await expect(readCsvText(join(dir, 'absent.csv'), 'test file')).rejects.toThrow(/absent\.csv: cannot read test file: ENOENT/);
  });

  it('station and site readers refuse a file over 256 MiB with an InputError naming it (a sparse file: nothing is allocated)', async () => {
    const file = join(dir, 'huge.csv');
    writeFileSync(file, 'network,station,lat,lon,date,sm\n');
    truncateSync(file, MAX_CSV_BYTES + 1);
    for (const read of [readStationsCsv, readSiteSeries]) {
      const err = await read(file).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).message).toMatch(
        new RegExp(`^${file}: (station file|site series) is 256 MiB, over the 256 MiB a CSV may have`),
      );
    }
  });
});
