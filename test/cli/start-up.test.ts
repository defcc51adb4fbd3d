import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compiledModuleUrl } from '../../core/compiled-url.js';

/** Every module URL a fresh node resolves while importing `modules` (a resolve hook of node:module's register). */
function modulesLoadedBy(...modules: URL[]): string[] {
  const hook = `let port; export function initialize(d) { port = d.port; }
    export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }`;
  const script = `import { register } from 'node:module';
    import { MessageChannel } from 'node:worker_threads';
    const { port1, port2 } = new MessageChannel();
    const seen = [];
    port1.on('message', (u) => seen.push(u));
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}), { data: { port: port2 }, transferList: [port2] });
    for (const m of ${JSON.stringify(modules.map(String))}) await import(m);
    await new Promise((r) => setTimeout(r, 100));
    port1.close();
    console.log(JSON.stringify(seen));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as string[];
}

const module = (path: string) => compiledModuleUrl(import.meta.url, path);
// the heavy packages only some runs need: tfjs, the report's charts, maps and PNG rendering
const HEAVY = /node_modules\/(@tensorflow|vega|d3-geo|@resvg)/;

describe('start-up', () => {
  it('the run commands load neither tfjs nor the report libraries until a run needs them', () => {
    const loaded = modulesLoadedBy(...['grnn', 'bpann', 'enkf', 'merge'].map((c) => module(`../../src/cli/${c}-command.js`)));
    expect(loaded.some((u) => u.endsWith('/src/cli/report-command.js'))).toBe(true);
    expect([...new Set(loaded.map((u) => HEAVY.exec(u)?.[1]).filter(Boolean))]).toEqual([]);
  });

  it('the report and the tfjs kernel, imported, do load them (the hook sees packages)', () => {
    const loaded = modulesLoadedBy(module('../../src/report/report.js'), module('../../kernels/grnn/tfjs.js'));
    expect(loaded.some((u) => /node_modules\/vega/.test(u))).toBe(true);
    expect(loaded.some((u) => /node_modules\/@tensorflow\/tfjs-core/.test(u))).toBe(true);
  });
});
