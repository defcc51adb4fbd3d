/** HDF4 tag numbers and special-element codes (HDF 4.2 Specification, ch. 6 and 9). */
export const TAG = {
  NULL: 1,
  LINKED: 20,
  VERSION: 30,
  COMPRESSED: 40,
  CHUNK: 61,
  NT: 106,
  SDD: 701,
  SD: 702,
  NDG: 720,
  VH: 1962,
  VS: 1963,
  VG: 1965,
} as const;

/** The high bit pair of a tag: 0x4000 marks a special element (linked, compressed, chunked…). */
export const SPECIAL_BIT = 0x4000;
export const TAG_MASK = 0x3fff;

export const SPECIAL = { LINKED: 1, EXT: 2, COMP: 3, VLINKED: 4, CHUNKED: 5, BUFFERED: 6, COMPRAS: 7 } as const;

/** Compression codes of SPECIAL_COMP elements; only DEFLATE (and NONE) is read. */
export const COMP_CODE = { NONE: 0, DEFLATE: 4 } as const;
export const COMP_NAMES: Readonly<Record<number, string>> = {
  0: 'none',
  1: 'RLE',
  2: 'NBIT',
  3: 'skipping Huffman',
  4: 'DEFLATE',
  5: 'SZIP',
  6: 'JPEG (old)',
  7: 'JPEG',
  12: 'IMCOMP',
};

export const SPECIAL_NAMES: Readonly<Record<number, string>> = {
  1: 'linked blocks',
  2: 'external file',
  3: 'compressed',
  4: 'variable-length linked blocks',
  5: 'chunked',
  6: 'buffered',
  7: 'compressed raster',
};

export function tagKey(tag: number, ref: number): number {
  return (tag & TAG_MASK) * 0x10000 + ref;
}
