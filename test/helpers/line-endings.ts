import { cp, readFile, writeFile } from 'node:fs/promises';
import { walk } from '../../src/io/ismn.js';

export type LineEnding = 'LF' | 'CR' | 'CRLF';
const EOL: Record<LineEnding, string> = { LF: '\n', CR: '\r', CRLF: '\r\n' };

/** `text` (LF line endings) with `ending` instead. */
export function withLineEnding(text: string, ending: LineEnding): string {
  return text.replace(/\r\n|\r|\n/g, EOL[ending]);
}

/**
 * A copy of the folder `src` in `dest` whose text files (.stm, .csv, .txt, .xml) use
 * `ending`, as ISMN downloads come with CR-only, LF or CRLF line endings.
 */
export async function copyWithLineEnding(src: string, dest: string, ending: LineEnding): Promise<string> {
  await cp(src, dest, { recursive: true });
  for (const f of await walk(dest)) {
    if (/\.(stm|csv|txt|xml)$/i.test(f)) await writeFile(f, withLineEnding(await readFile(f, 'utf8'), ending));
  }
  return dest;
}

export const LINE_ENDINGS: readonly LineEnding[] = ['LF', 'CR', 'CRLF'];
