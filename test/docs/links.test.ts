// Keeps README.md and docs/*.md from rotting: every relative link and #anchor resolves, and
// every src/, core/, kernels/, scripts/ or test/ path they name in code exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchors, CODE_FOLDERS, codePaths, links, pathPattern, slug } from './markdown.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const read = (page: string) => readFileSync(join(ROOT, page), 'utf8');

/** Every file and folder under CODE_FOLDERS, relative to the root, folders with a trailing '/'. */
function repositoryPaths(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        // the addon's build output: there only once built
        if (path === 'kernels/native/build') continue;
        out.push(`${path}/`);
        walk(path);
      } else out.push(path);
    }
  };
  for (const folder of CODE_FOLDERS) {
    out.push(`${folder}/`);
    walk(folder);
  }
  return out;
}

/** `page:line: target (why)` for each link of `page` that does not resolve. */
function brokenLinks(page: string): string[] {
  return links(read(page)).flatMap(({ line, target }) => {
    const [path, fragment] = target.split('#', 2);
    const dest = path ? resolve(ROOT, dirname(page), decodeURI(path)) : join(ROOT, page);
    const where = `${page}:${line}: ${target}`;
    if (!existsSync(dest)) return [`${where} (no such file)`];
    if (fragment && dest.endsWith('.md') && !anchors(readFileSync(dest, 'utf8')).has(fragment)) {
      return [`${where} (no heading #${fragment} in ${relative(ROOT, dest)})`];
    }
    return [];
  });
}

describe('the Markdown reader', () => {
  it('makes GitHub slugs', () => {
    expect(slug('Uncertainty (`*_sd`)')).toBe('uncertainty-_sd');
    expect(slug('Multi-year runs (`years`, `--years`)')).toBe('multi-year-runs-years---years');
    expect(slug('Gridded BPANN and EnKF (`smfuse bpann|enkf --config run.json`)')).toBe(
      'gridded-bpann-and-enkf-smfuse-bpannenkf---config-runjson',
    );
    expect(slug('A global 0.25° decade')).toBe('a-global-025-decade');
    expect(slug('See [the API](api.md) here')).toBe('see-the-api-here');
  });

  it('numbers repeated headings and ignores headings in code blocks', () => {
    expect([...anchors('# Tiles\n\n## Tiles\n```sh\n# a comment\n```\n### Tiles ##\n')]).toEqual(['tiles', 'tiles-1', 'tiles-2']);
  });

  it('finds relative links outside code, and paths in code spans (also across a line break)', () => {
    const page = [
      'See [a](other.md#x), [b](#y) and [c](https://example.org/z.md).',
      'Not `[d](code.md)` nor ``[f](g.md) `src/quoted.ts` ``:',
      '```',
      '[e](fenced.md) `src/fenced.ts`',
      '```',
      'Read `src/io/sniff.ts`, `kernels/{grnn,enkf}/types.ts` and `npx vitest run',
      'test/docs`; not `dist/src/index.d.ts`.',
    ].join('\n');
    expect(links(page)).toEqual([
      { line: 1, target: 'other.md#x' },
      { line: 1, target: '#y' },
    ]);
    expect(codePaths(page)).toEqual([
      { line: 6, target: 'src/io/sniff.ts' },
      { line: 6, target: 'kernels/{grnn,enkf}/types.ts' },
      { line: 6, target: 'test/docs' },
    ]);
  });

  it('reads braces, stars and <placeholders> in written paths', () => {
    const p = pathPattern('test/kernels/conformance/{grnn,bpann}.test.ts');
    expect(p.test('test/kernels/conformance/bpann.test.ts')).toBe(true);
    expect(p.test('test/kernels/conformance/enkf.test.ts')).toBe(false);
    expect(pathPattern('kernels/*/reference.ts').test('kernels/grnn/reference.ts')).toBe(true);
    expect(pathPattern('kernels/*/reference.ts').test('kernels/grnn/x/reference.ts')).toBe(false);
    expect(pathPattern('src/backends/<kernel>/').test('src/backends/grnn')).toBe(true);
    expect(pathPattern('src/io/hdf4.ts').test('src/io/hdf4xts')).toBe(false);
  });
});

describe('README.md and docs/*.md', () => {
  it('have every relative link and #anchor resolving', () => {
    const all = PAGES.flatMap((page) => links(read(page)));
    expect(all.length).toBeGreaterThan(100);
    expect(PAGES.flatMap(brokenLinks)).toEqual([]);
  });

  it('name only src/, core/, kernels/, scripts/ and test/ paths that exist', () => {
    const existing = repositoryPaths().map((p) => p.replace(/\/$/, ''));
    const written = PAGES.flatMap((page) => codePaths(read(page)).map((f) => ({ page, ...f })));
    expect(written.length).toBeGreaterThan(50);
    const missing = written.filter(({ target }) => {
      const pattern = pathPattern(target);
      return !existing.some((p) => pattern.test(p));
    });
    expect(missing.map(({ page, line, target }) => `${page}:${line}: ${target}`)).toEqual([]);
  });
});
