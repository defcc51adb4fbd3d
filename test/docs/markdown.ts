// What the docs test reads of a Markdown page: its headings' anchors (GitHub's slugs), its
// relative links and the repository paths written in its inline code spans.

/** A link or path found on a page, with its line (1-based). */
export interface Found {
  readonly line: number;
  readonly target: string;
}

/**
 * GitHub's anchor of a heading: link text kept, lower case, every character but letters,
 * digits, `_`, `-` and spaces dropped (backticks, dots, °…), spaces → `-`.
 */
export function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The page with its fenced code blocks blanked (line numbers kept): links and spans there are examples. */
function prose(markdown: string): string {
  let fence = false;
  return markdown
    .split('\n')
    .map((l) => {
      const isFence = l.startsWith('```');
      if (isFence) fence = !fence;
      return fence || isFence ? '' : l;
    })
    .join('\n');
}

/** Every heading's anchor; a repeated slug gets -1, -2… as on GitHub. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(markdown).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const s = slug(m[1]);
    const n = seen.get(s) ?? 0;
    seen.set(s, n + 1);
    out.add(n === 0 ? s : `${s}-${n}`);
  }
  return out;
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
/**
 * Inline code spans: a run of n backticks up to the next run of exactly n (so ``a `b` c``
 * is one span); a span may run over a line break, not over a blank line.
 */
const CODE_SPAN = /(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n)[\s\S])*?[^`])\1(?!`)/g;

/** Relative link targets (`[text](target)`), outside code; URLs with a scheme are left out. */
export function links(markdown: string): Found[] {
  const text = prose(markdown).replace(CODE_SPAN, (span) => span.replace(/[^\n]/g, ' '));
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .filter((m) => !/^[a-z]+:/.test(m[1]))
    .map((m) => ({ line: lineAt(text, m.index), target: m[1] }));
}

/** The folders whose paths a page may name in code spans, and the test checks. */
export const CODE_FOLDERS = ['src', 'core', 'kernels', 'scripts', 'test'];
const PATH_TOKEN = new RegExp(`^(?:${CODE_FOLDERS.join('|')})/`);

/** Words of inline code spans that are paths in CODE_FOLDERS (`dist/src/…` is not), trailing punctuation dropped. */
export function codePaths(markdown: string): Found[] {
  const text = prose(markdown);
  return [...text.matchAll(CODE_SPAN)].flatMap((m) =>
    m[2]
      .split(/\s+/)
      .map((w) => w.replace(/[.,;:)]+$/, ''))
      .filter((w) => PATH_TOKEN.test(w))
      .map((target) => ({ line: lineAt(text, m.index), target })),
  );
}

/**
 * A written path as a pattern over repository paths: `{a,b}` either, `*` and `<name>` any
 * one path segment; a trailing `/` names a folder.
 */
export function pathPattern(written: string): RegExp {
  const literal = (s: string) => s.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  const body = written
    .replace(/\/$/, '')
    .split(/(\{[^}]*\}|<[^>]*>|\*)/)
    .map((part) => {
      if (part.startsWith('{')) return `(?:${part.slice(1, -1).split(',').map(literal).join('|')})`;
      if (part.startsWith('<') || part === '*') return '[^/]+';
      return literal(part);
    })
    .join('');
  return new RegExp(`^${body}$`);
}
