// The layering the folders promise, checked on the import graph TypeScript's own parser reads
// (static imports, re-exports, type imports and import() calls alike).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, type ImportGraph } from './import-graph.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const graph = importGraph(ROOT, ['core', 'kernels', 'src', 'scripts']);

const under =
  (...folders: string[]) =>
  (file: string) =>
    folders.some((f) => file.startsWith(`${f}/`));
const isPackage = (target: string) => target.startsWith('pkg:');

/** "from -> to" for every import of a file `from` selects that `allowed` refuses. */
function forbidden(from: (file: string) => boolean, allowed: (target: string) => boolean): string[] {
  return [...graph].flatMap(([file, targets]) => (from(file) ? targets.filter((t) => !allowed(t)).map((t) => `${file} -> ${t}`) : []));
}

/** The graph of `depth`-segment folders (src/io, kernels/grnn, …) of the files `within` selects. */
function folderGraph(within: (file: string) => boolean, depth: number): ImportGraph {
  const folderOf = (file: string) => file.split('/').slice(0, depth).join('/');
  const folders: ImportGraph = new Map();
  for (const [file, targets] of graph) {
    if (!within(file)) continue;
    const edges = new Set(folders.get(folderOf(file)) ?? []);
    for (const t of targets) if (within(t) && folderOf(t) !== folderOf(file)) edges.add(folderOf(t));
    folders.set(folderOf(file), [...edges]);
  }
  return folders;
}

describe('import graph', () => {
  it('is read from the whole tree, every relative import resolving to a project file', () => {
    expect(graph.size).toBeGreaterThan(250);
    expect(graph.get('src/cli/main.ts')).toContain('src/cli/command-table.ts');
    // import() calls count: main.ts loads each command module lazily
    expect(graph.get('src/cli/main.ts')).toContain('src/cli/grnn-command.ts');
    const unresolved = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => !isPackage(t) && !graph.has(t)).map((t) => `${file} -> ${t}`),
    );
    expect(unresolved).toEqual([]);
  });

  it('finds a cycle when there is one (the checker itself)', () => {
    const g: ImportGraph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(
      cycles(g, () => true)
        .map((c) => c.join(' -> '))
        .sort(),
    ).toEqual(['a -> b -> c -> a', 'e -> e']);
  });

  it('has no module cycles in core/, kernels/ or src/', () => {
    const found = cycles(graph, under('core', 'kernels', 'src')).map((c) => c.join(' -> '));
    expect(found, `import cycles:\n${found.join('\n')}`).toEqual([]);
  });

  it('has no cycles between the folders of src/', () => {
    const found = cycles(folderGraph(under('src'), 2), () => true).map((c) => c.join(' -> '));
    expect(found, `folder cycles:\n${found.join('\n')}`).toEqual([]);
  });

  it('keeps kernels/ on kernels/, core/ and packages, and core/ on core/ and packages', () => {
    expect(forbidden(under('kernels'), (t) => isPackage(t) || under('kernels', 'core')(t))).toEqual([]);
    expect(forbidden(under('core'), (t) => isPackage(t) || under('core')(t))).toEqual([]);
  });

  it('keeps src/io off src/methods and src/run, and src/config off src/io', () => {
    expect(forbidden(under('src/io'), (t) => !under('src/methods', 'src/run')(t))).toEqual([]);
    expect(forbidden(under('src/config'), (t) => !under('src/io')(t))).toEqual([]);
  });
});
