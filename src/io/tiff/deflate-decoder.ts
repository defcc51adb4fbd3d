/**
 * A faster DEFLATE decoder for geotiff.js: node:zlib instead of its bundled pako (about
 * three times faster, and asynchronous, so tiles decoded together inflate on libuv's
 * thread pool), and a typed-array undo of the floating-point predictor (about four
 * times faster than geotiff.js's).
 */
import { addDecoder, BaseDecoder } from 'geotiff';
import { promisify } from 'node:util';
import { inflate } from 'node:zlib';
import { undoFloatPredictor } from './predictor.js';

const inflateAsync = promisify(inflate);
const FLOATING_POINT_PREDICTOR = 3;

// geotiff.js loads decoders through a registry of classes, hence the subclass
class ZlibDeflateDecoder extends BaseDecoder {
  override async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBuffer> {
    const out = await inflateAsync(new Uint8Array(buffer));
    // predictors run in place on the returned buffer, which must hold only this block
    return out.byteOffset === 0 && out.byteLength === out.buffer.byteLength
      ? (out.buffer as ArrayBuffer)
      : (out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer);
  }

  override async decode(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
    const { predictor, bitsPerSample, planarConfiguration, tileWidth, tileHeight } = this.parameters;
    if (predictor !== FLOATING_POINT_PREDICTOR) return super.decode(buffer);
    const block = new Uint8Array(await this.decodeBlock(buffer));
    const bits = typeof bitsPerSample === 'number' ? [bitsPerSample] : Array.from(bitsPerSample);
    const stride = planarConfiguration === 2 ? 1 : bits.length;
    const bytesPerSample = bits[0] / 8;
    const rowBytes = tileWidth * stride * bytesPerSample;
    // the last strip of a stripped file may hold fewer rows
    const rows = Math.min(tileHeight, Math.floor(block.byteLength / rowBytes));
    undoFloatPredictor(block, rowBytes, rows, stride, bytesPerSample, new Uint8Array(rowBytes));
    return block.buffer;
  }
}

let registered = false;

/** Makes geotiff.js decode DEFLATE blocks (TIFF compression 8 and 32946) with node:zlib. */
export function useZlibDeflate(): void {
  if (registered) return;
  addDecoder([8, 32946], () => Promise.resolve(ZlibDeflateDecoder), undefined, false);
  registered = true;
}
