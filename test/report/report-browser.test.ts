import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

/** Debian's chromium; a browser is never downloaded. */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const screenshots = fileURLToPath(new URL('../../test-output', import.meta.url));
if (!hasChromium) console.warn(`report browser test skipped: ${CHROMIUM} is absent (apt-get install chromium, as .ci/run does)`);

describe.skipIf(!hasChromium)('the report of a small sample run, in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smfuse-report-'));
  const out = join(dir, 'out');
  let run: { code: number; stderr: string };

  beforeAll(async () => {
    await writeSmallSample(join(dir, 'in'));
    run = await runCli('grnn', '--config', join(dir, 'in', 'run.json'), '--out', out, '--report', '--quiet');
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens from disk with no console errors, no network, every figure loaded and the map colour bars present', async () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'smfuse-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1440, height: 1000 },
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(join(out, 'report', 'index.html')).href, { waitUntil: 'load' });

      const images = await page.$$eval('img', (imgs) => imgs.map((i) => ({ src: i.src, complete: i.complete, w: i.naturalWidth, h: i.naturalHeight })));
      expect(images.length).toBeGreaterThan(3);
      expect(images.filter((i) => !i.complete || i.w === 0 || i.h === 0)).toEqual([]);

      const svgs = await page.$$eval('svg', (all) => all.map((s) => s.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
      expect(svgs.length).toBeGreaterThan(10);
      expect(svgs.filter((s) => s.w === 0 || s.h === 0)).toEqual([]);
      // The rasters inside the map SVGs decode.
      const rasters = await page.$$eval('svg image', (all) =>
        Promise.all(all.map((el) => new Promise<number>((done) => {
          const img = el.ownerDocument.createElement('img');
          img.onload = () => done(img.naturalWidth * img.naturalHeight);
          img.onerror = () => done(0);
          img.src = el.getAttribute('href') ?? '';
        }))),
      );
      expect(rasters.length).toBe(svgs.length);
      expect(rasters.filter((n) => n === 0)).toEqual([]);

      const bars = await page.$$eval('svg .colour-bar rect', (all) => all.map((r) => ({ w: r.getBoundingClientRect().width, fill: r.getAttribute('fill') ?? '' })));
      expect(bars.length).toBeGreaterThan(5);
      for (const bar of bars) {
        expect(bar.w).toBeGreaterThan(0);
        expect(await page.locator(`linearGradient#${bar.fill.slice(5, -1)}`).count()).toBe(1);
      }
      expect(await page.locator('text=SM (m³/m³)').count()).toBeGreaterThan(0);

      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'report.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 120_000);
});
