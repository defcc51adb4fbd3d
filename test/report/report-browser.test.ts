import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import { synthesizePixelGrid, writePixelGridSample } from '../../src/sample/pixel-grid-sample.js';
import type { Page } from 'playwright-core';
import { brokenImages, hasChromium, networkRequests, withPage } from '../helpers/chromium.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

const screenshots = fileURLToPath(new URL('../../test-output', import.meta.url));
/** Every map's raster (the PNG inside each inline SVG) decoded in the page: its pixel count, 0 when it fails. */
function decodedRasters(page: Page): Promise<number[]> {
  return page.$$eval('svg image', (all) =>
    Promise.all(
      all.map(
        (el) =>
          new Promise<number>((done) => {
            const img = el.ownerDocument.createElement('img');
            img.onload = () => done(img.naturalWidth * img.naturalHeight);
            img.onerror = () => done(0);
            img.src = el.getAttribute('href') ?? '';
          }),
      ),
    ),
  );
}

const siteSeries = fileURLToPath(new URL('../../data/site/series.csv', import.meta.url));

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
    await withPage(join(out, 'report', 'index.html'), async ({ page, errors, requests }) => {
      const images = await brokenImages(page);
      expect(images.count).toBeGreaterThan(3);
      expect(images.broken).toEqual([]);

      const svgs = await page.$$eval('svg', (all) => all.map((s) => s.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
      expect(svgs.length).toBeGreaterThan(10);
      expect(svgs.filter((s) => s.w === 0 || s.h === 0)).toEqual([]);
      // The rasters inside the map SVGs decode.
      const rasters = await decodedRasters(page);
      expect(rasters.length).toBe(svgs.length);
      expect(rasters.filter((n) => n === 0)).toEqual([]);

      const bars = await page.$$eval('svg .colour-bar rect', (all) =>
        all.map((r) => ({ w: r.getBoundingClientRect().width, fill: r.getAttribute('fill') ?? '' })),
      );
      expect(bars.length).toBeGreaterThan(5);
      for (const bar of bars) {
        expect(bar.w).toBeGreaterThan(0);
        expect(await page.locator(`linearGradient#${bar.fill.slice(5, -1)}`).count()).toBe(1);
      }
      expect(await page.locator('text=SM (m³/m³)').count()).toBeGreaterThan(0);
      // the uncertainty maps, on their own colour bar
      expect(await page.locator('#uncertainty svg').count()).toBeGreaterThan(0);
      expect(await page.locator('text=sd (m³/m³)').count()).toBeGreaterThan(0);

      expect(errors).toEqual([]);
      expect(networkRequests(requests)).toEqual([]);
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'report.png'), fullPage: true });
    });
  }, 120_000);
});

describe.skipIf(!hasChromium)('the report of a site run, in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smfuse-site-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens from disk with no console errors, no network and every chart loaded', async () => {
    const out = join(dir, 'bpann');
    expect((await runCli('bpann', '--site', siteSeries, '--out', out, '--report', '--quiet')).code).toBe(0);
    await withPage(join(out, 'report', 'index.html'), async ({ page, errors, requests }) => {
      const images = await brokenImages(page);
      expect(images.count).toBe(5);
      expect(images.broken).toEqual([]);
      expect(await page.locator('table caption', { hasText: 'Table 5' }).count()).toBe(1);
      expect(errors).toEqual([]);
      expect(networkRequests(requests)).toEqual([]);
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'site-report.png'), fullPage: true });
    });
  }, 60_000);
});

describe.skipIf(!hasChromium)('the report of a gridded EnKF run, in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smfuse-grid-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens from disk with no console errors, no network, every chart and map raster loaded', async () => {
    const grid = makeGrid({ west: 100, south: 35, east: 102, north: 36.5 }, 0.25);
    await writePixelGridSample(synthesizePixelGrid(grid, 2017, 1), join(dir, 'in'));
    const out = join(dir, 'out');
    expect(
      (await runCli('enkf', '--config', join(dir, 'in', 'run.json'), '--out', out, '--backend', 'js', '--report', '--quiet')).code,
    ).toBe(0);
    await withPage(join(out, 'report', 'index.html'), async ({ page, errors, requests }) => {
      const images = await brokenImages(page);
      // The pooled series and the four metric histograms.
      expect(images.count).toBe(5);
      expect(images.broken).toEqual([]);
      const rasters = await decodedRasters(page);
      // 4 season days × (fused, SMAP, CLM, fused sd), the status map and the four metric maps.
      expect(rasters.length).toBe(21);
      expect(rasters.filter((n) => n === 0)).toEqual([]);
      expect(await page.locator('table caption', { hasText: 'Metrics per period' }).count()).toBe(1);
      expect(errors).toEqual([]);
      expect(networkRequests(requests)).toEqual([]);
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'pixel-grid-report.png'), fullPage: true });
    });
  }, 120_000);
});
