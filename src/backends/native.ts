import { nativeAddon, nativeAddonFile, nativeUnavailableReason } from '../../kernels/native/load.js';
import type { Availability } from './backend.js';

/**
 * What the three native backends share: the C++ addon (kernels/native/), its SIMD paths
 * and why it is missing. A kernel may also be missing from an addon built before it.
 */
export function nativeAvailability(hasKernel: boolean): Availability {
  const addon = nativeAddon();
  if (!addon || !hasKernel) return { ok: false, reason: nativeMissingReason() };
  const others = addon.simdPaths.filter((p) => p !== addon.simd);
  const also = others.length > 0 ? ` (this CPU also runs ${others.join(', ')})` : '';
  return {
    ok: true,
    detail: `native-${addon.simd}: SIMD ${addon.simd}${also}, ${addon.hardwareThreads} hardware threads, ${nativeAddonFile()}`,
  };
}

/** Why a native kernel is missing: the addon did not load, or it loaded but predates the kernel (no reason then). */
export function nativeMissingReason(): string {
  return nativeUnavailableReason() || 'the addon was built without the BPANN/EnKF kernels (run `npm run build:native`)';
}

/** The addon's SIMD paths, best first (none without the addon). */
export function nativeSimdPaths(): readonly string[] {
  return nativeAddon()?.simdPaths ?? [];
}
