import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/** `smfuse bpann|enkf --report` and `smfuse report` on the bundled site sample (data/site). */
const series = fileURLToPath(new URL('../../data/site/series.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'smfuse-site-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function figures(html: string): string[] {
  return [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]);
}

describe('site report', () => {
  for (const [method, model, png] of [
    ['bpann', 'First-layer weights', 'bpann_training.png'],
    ['enkf', 'EnKF state', 'enkf_state.png'],
  ]) {
    it(`smfuse ${method} --report writes the sections and a non-empty PNG per figure`, async () => {
      const out = join(dir, method);
      const r = await runCli(method, '--site', series, '--out', out, '--report');
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^report: .*index\.html \(\d+ figures in/m);
      expect(r.stderr).not.toMatch(/\r|\[#|ETA/);
      const html = readFileSync(join(out, 'report', 'index.html'), 'utf8');
      for (const id of ['metrics', 'series', 'scatter', 'improvement', 'model', 'run']) expect(html).toContain(`id="${id}"`);
      expect(html).toContain(model);
      expect(html).toContain('Fused against each input');
      const srcs = figures(html);
      expect(srcs).toContain(`fig/${png}`);
      for (const name of ['site_series', 'scatter_smap', 'scatter_clm', `scatter_fused_${method}`])
        expect(srcs).toContain(`fig/${name}.png`);
      for (const src of srcs) expect(statSync(join(out, 'report', src)).size).toBeGreaterThan(1000);
    });
  }

  it('smfuse report recognises a site output folder; --days is refused there', async () => {
    const out = join(dir, 'enkf');
    rmSync(join(out, 'report'), { recursive: true, force: true });
    expect((await runCli('report', out, '--quiet')).code).toBe(0);
    expect(existsSync(join(out, 'report', 'fig', 'enkf_state.png'))).toBe(true);
    const days = await runCli('report', out, '--days', '2017-06-01');
    expect(days.code).toBe(1);
    expect(days.stderr).toContain('a site run has no maps');
  });
});
