import { readFileSync } from 'node:fs';

/**
 * Peak resident memory of this process, MiB. Linux's getrusage (process.resourceUsage().maxRSS)
 * keeps the parent's peak across fork + exec, so a shard spawned by a large process would
 * report that process's memory; VmHWM in /proc/self/status counts this program's own memory
 * since exec. Elsewhere (no /proc) maxRSS is the best there is.
 */
export function peakRssMiB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Math.round(Number(hwm[1]) / 1024);
  } catch {
    // no procfs: fall through
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
