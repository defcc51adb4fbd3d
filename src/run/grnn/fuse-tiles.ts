import type { Logger } from '../../log.js';
import type { WindowExecutor } from '../../methods/grnn/executor.js';
import { fitWindows, type FusionAssembly, type GrnnInputs, type GrnnOptions, type WindowOutput } from '../../methods/grnn/fuse.js';
import { FEATURE_COUNT } from '../../methods/grnn/training-set.js';
import type { GrnnWindow } from '../../methods/grnn/windows.js';
import type { WorkFolder } from '../../scale/work-folder.js';
import { decodeTile, encodeTile, tileWindowRange } from './tiles.js';
import { restoreTiles, type TileTally } from '../../scale/restore-tiles.js';

export interface TileFusion {
  readonly inputs: GrnnInputs;
  readonly status: Uint8Array;
  readonly layout: readonly GrnnWindow[];
  readonly options: GrnnOptions;
  readonly tileWindows: number;
  readonly work: WorkFolder<unknown>;
}

/**
 * Brings `tiles` into `assembly` (when given): each from its checkpoint when there is a
 * usable one, else fitted by `executor` and checkpointed as soon as its last window is done.
 */
export async function fuseTiles(
  f: TileFusion,
  tiles: readonly number[],
  executor: WindowExecutor | undefined,
  assembly: FusionAssembly | undefined,
  log: Logger,
): Promise<TileTally> {
  const { tally, todo } = await restoreTiles(
    f.work,
    tiles,
    (cp) => decodeTile(cp, f.inputs.days, FEATURE_COUNT),
    (_tile, outputs) => outputs.forEach((out) => assembly?.add(out)),
    log,
  );
  if (!executor) {
    tally.missing.push(...todo);
    return tally;
  }

  const windowCount = f.layout.length;
  const pending = new Map<number, WindowOutput[]>();
  const windows: GrnnWindow[] = [];
  for (const tile of todo) {
    const [first, end] = tileWindowRange(tile, windowCount, f.tileWindows);
    pending.set(tile, []);
    windows.push(...f.layout.slice(first, end));
  }
  let done = 0;
  await fitWindows(f.inputs, f.status, f.options, executor, windows, async (out) => {
    const tile = Math.floor(out.window / f.tileWindows);
    const outputs = pending.get(tile)!;
    outputs.push(out);
    const [first, end] = tileWindowRange(tile, windowCount, f.tileWindows);
    if (outputs.length === end - first) {
      pending.delete(tile);
      outputs.sort((a, b) => a.window - b.window);
      const { meta, arrays } = encodeTile(outputs);
      await f.work.save(tile, meta, arrays);
      for (const o of outputs) assembly?.add(o);
      tally.computed.push(tile);
    }
    log.progress('windows', ++done, windows.length);
  });
  return tally;
}
