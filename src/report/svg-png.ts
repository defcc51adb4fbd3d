import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';

/** Fonts the figures ask for, in order; resvg and browsers take the first they have. */
export const FIGURE_FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';

/** Rasterizes an SVG with the system's fonts; `zoom` 2 gives print-friendly pixels. */
export function svgToPng(svg: string, zoom = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** PNG of straight (not premultiplied) RGBA pixels, row by row. */
export function rgbaToPng(rgba: Uint8Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  return PNG.sync.write(png);
}
