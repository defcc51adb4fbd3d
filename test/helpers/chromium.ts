import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

/** Debian's chromium; a browser is never downloaded. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`report browser tests skipped: ${CHROMIUM} is absent (apt-get install chromium, as .ci/run does)`);

export interface OpenedPage {
  readonly page: Page;
  /** Console errors and uncaught page errors. */
  readonly errors: string[];
  readonly requests: string[];
}

/** Opens a local HTML file headless, collecting errors and requests; closes the browser after `use`. */
export async function withPage(file: string, use: (opened: OpenedPage) => Promise<void>): Promise<void> {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'smfuse-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1440, height: 1000 },
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await use({ page, errors, requests });
  } finally {
    await context.close();
  }
}

/** Every <img> of the page that did not load or has no pixels. */
export async function brokenImages(page: Page): Promise<{ count: number; broken: string[] }> {
  const images = await page.$$eval('img', (imgs) =>
    imgs.map((i) => ({ src: i.src, ok: i.complete && i.naturalWidth > 0 && i.naturalHeight > 0 })),
  );
  return { count: images.length, broken: images.filter((i) => !i.ok).map((i) => i.src) };
}

/** Requests that left the local disk. */
export function networkRequests(requests: readonly string[]): string[] {
  return requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
}
