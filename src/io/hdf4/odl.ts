/**
 * The ODL text of HDF-EOS metadata (StructMetadata.0, CoreMetadata.0): nested
 * GROUP/OBJECT blocks of KEY=VALUE lines, where a value in parentheses or quotes may run
 * over several lines.
 */
export interface OdlNode {
  readonly name: string;
  readonly values: Map<string, string>;
  readonly children: OdlNode[];
}

/** Nesting deeper than this is not metadata. */
const MAX_DEPTH = 64;

export function parseOdl(text: string): OdlNode {
  const root: OdlNode = { name: '', values: new Map(), children: [] };
  const stack = [root];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trim();
    if (line === '' || line === 'END') continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    while (!balanced(value) && i + 1 < lines.length) {
      line = lines[++i].trim();
      value += line;
    }
    const top = stack[stack.length - 1];
    if (key === 'GROUP' || key === 'OBJECT') {
      if (stack.length > MAX_DEPTH) continue;
      const node: OdlNode = { name: value, values: new Map(), children: [] };
      top.children.push(node);
      stack.push(node);
    } else if (key === 'END_GROUP' || key === 'END_OBJECT') {
      if (stack.length > 1) stack.pop();
    } else {
      top.values.set(key, value);
    }
  }
  return root;
}

function balanced(v: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const ch of v) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
  }
  return depth <= 0 && !quoted;
}

/** A value without its quotes. */
export function odlString(v: string | undefined): string | undefined {
  return v === undefined ? undefined : v.replace(/^"(.*)"$/s, '$1');
}

/** The items of a parenthesised list (or one value), unquoted. */
export function odlList(v: string | undefined): string[] {
  if (v === undefined) return [];
  const inner = v.replace(/^\((.*)\)$/s, '$1');
  return inner.split(',').map((s) => s.trim().replace(/^"(.*)"$/s, '$1'));
}

/** Numbers of a list; NaN where an item is not one. */
export function odlNumbers(v: string | undefined): number[] {
  return odlList(v).map((s) => (s === '' ? NaN : Number(s)));
}

/** The first node named `name` at any depth, breadth first. */
export function findNode(root: OdlNode, name: string): OdlNode | undefined {
  const queue = [root];
  while (queue.length > 0) {
    const n = queue.shift()!;
    if (n.name === name) return n;
    queue.push(...n.children);
  }
  return undefined;
}
