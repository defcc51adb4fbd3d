// The import graph of the project's own TypeScript, read with TypeScript's parser (imports,
// re-exports and dynamic import() calls alike), for the architecture tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export type ImportGraph = Map<string, string[]>;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'build') out.push(...tsFiles(path));
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}

/** Edges between project files (repo-relative, '/'-separated); package imports are kept as 'pkg:<name>'. */
export function importGraph(root: string, folders: readonly string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const folder of folders) {
    for (const file of tsFiles(join(root, folder))) {
      const from = relative(root, file).split(sep).join('/');
      const targets = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map(({ fileName }) => {
        if (!fileName.startsWith('.')) return `pkg:${fileName}`;
        const target = relative(root, resolve(dirname(file), fileName))
          .split(sep)
          .join('/');
        return target.replace(/\.js$/, '.ts');
      });
      graph.set(from, [...new Set(targets)]);
    }
  }
  return graph;
}

/** Every strongly connected set of more than one module (or a module importing itself), each as one cycle through it. */
export function cycles(graph: ImportGraph, within: (file: string) => boolean): string[][] {
  const nodes = [...graph.keys()].filter(within);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const edges = (n: string) => (graph.get(n) ?? []).filter((t) => graph.has(t) && within(t));
  const visit = (n: string) => {
    index.set(n, index.size);
    low.set(n, index.get(n)!);
    stack.push(n);
    onStack.add(n);
    for (const t of edges(n)) {
      if (!index.has(t)) {
        visit(t);
        low.set(n, Math.min(low.get(n)!, low.get(t)!));
      } else if (onStack.has(t)) {
        low.set(n, Math.min(low.get(n)!, index.get(t)!));
      }
    }
    if (low.get(n) === index.get(n)) {
      const component: string[] = [];
      let m: string;
      do {
        m = stack.pop()!;
        onStack.delete(m);
        component.push(m);
      } while (m !== n);
      if (component.length > 1 || edges(n).includes(n)) components.push(component);
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  // One concrete loop per component (breadth-first back to its first module), to print.
  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const n = queue.shift()!;
      for (const t of edges(n).filter((e) => members.has(e))) {
        if (t === start) {
          const loop = [n];
          while (loop[0] !== start) loop.unshift(previous.get(loop[0]!)!);
          return [...loop, start];
        }
        if (!previous.has(t)) {
          previous.set(t, n);
          queue.push(t);
        }
      }
    }
    return component;
  });
}
