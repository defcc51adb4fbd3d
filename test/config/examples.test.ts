import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseGrnnConfig } from '../../src/config/grnn-config.js';
import { PRODUCTS } from '../../src/config/product-names.js';

const dir = fileURLToPath(new URL('../../examples', import.meta.url));

describe('examples/: one product config per family', () => {
  const names = readdirSync(dir).filter((n) => n.startsWith('grnn-') && n.endsWith('.json'));
  it('covers every product reader', () => {
    expect(names.sort()).toEqual(
      PRODUCTS.filter((p) => p !== 'geotiff')
        .map((p) => `grnn-${p}.json`)
        .sort(),
    );
  });
  it.each(names)('%s is a valid configuration', (name) => {
    const c = parseGrnnConfig(JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')), name, dir);
    expect(Object.values(c.inputs).some((i) => typeof i !== 'string' && 'product' in i && `grnn-${i.product}.json` === name)).toBe(true);
  });
});
