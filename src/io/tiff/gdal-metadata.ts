/**
 * The GDAL_METADATA TIFF tag (42112): an XML list of <Item>s, dataset-level or per band
 * (`sample`, 0-based); band descriptions are the items with role="description".
 * GDAL escapes item values twice (once itself, once in its XML serializer) and unescapes
 * them twice on reading, so a value escaped only once loses everything after a `&`.
 */

/** What a reader needs from the tag: the per-band items. */
export interface GdalBandMetadata {
  /** Per band; undefined where the band has no description. */
  readonly descriptions: (string | undefined)[];
  readonly bandItems: Record<string, string>[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESCAPES[c]);
}

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

function item(name: string, value: string, sample?: number, role?: string): string {
  const where = sample === undefined ? '' : ` sample="${sample}"`;
  const how = role === undefined ? '' : ` role="${role}"`;
  return `  <Item name="${escapeXml(name)}"${where}${how}>${escapeXml(escapeXml(value))}</Item>\n`;
}

/** The tag's XML, or null when there is nothing to write. */
export function buildGdalMetadata(options: {
  metadata?: Record<string, string>;
  bandDescriptions?: readonly string[];
  bandMetadata?: readonly Record<string, string>[];
}): string | null {
  let body = '';
  for (const [k, v] of Object.entries(options.metadata ?? {})) body += item(k, v);
  const bands = Math.max(options.bandDescriptions?.length ?? 0, options.bandMetadata?.length ?? 0);
  for (let b = 0; b < bands; b++) {
    const description = options.bandDescriptions?.[b];
    if (description) body += item('DESCRIPTION', description, b, 'description');
    for (const [k, v] of Object.entries(options.bandMetadata?.[b] ?? {})) body += item(k, v, b);
  }
  return body === '' ? null : `<GDALMetadata>\n${body}</GDALMetadata>`;
}

const ITEM = /<Item\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Item>)/g;
const ATTRIBUTE = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(ATTRIBUTE)) out[m[1]] = unescapeXml(m[2] ?? m[3]);
  return out;
}

/** One <Item> of the tag, its value unescaped. */
export interface GdalItem {
  readonly name: string;
  /** 0-based band; undefined for a dataset item. */
  readonly sample?: number;
  readonly role?: string;
  /** '' for the default domain. */
  readonly domain: string;
  readonly value: string;
}

/** Every item of the tag, in file order (a `sample` that is not a whole number ≥ 0 is dropped). */
export function gdalItems(xml: string): GdalItem[] {
  const items: GdalItem[] = [];
  for (const m of xml.matchAll(ITEM)) {
    const a = attributes(m[1]);
    if (a.name === undefined) continue;
    const sample = a.sample === undefined ? undefined : Number(a.sample);
    if (sample !== undefined && !(Number.isInteger(sample) && sample >= 0)) continue;
    items.push({ name: a.name, sample, role: a.role, domain: a.domain ?? '', value: unescapeXml(unescapeXml(m[2] ?? '')) });
  }
  return items;
}

/**
 * Band items of the default metadata domain for a file of `bands` bands; dataset items,
 * other domains, other roles (scale, offset, unit type) and samples past the last band
 * are left out.
 */
export function parseGdalBandMetadata(xml: string, bands: number): GdalBandMetadata {
  const descriptions: (string | undefined)[] = new Array<string | undefined>(bands).fill(undefined);
  const bandItems: Record<string, string>[] = Array.from({ length: bands }, () => ({}));
  for (const item of gdalItems(xml)) {
    const b = item.sample;
    if (b === undefined || b >= bands || item.domain !== '') continue;
    if (item.role === 'description') descriptions[b] = item.value;
    else if (item.role === undefined) bandItems[b][item.name] = item.value;
  }
  return { descriptions, bandItems };
}
