import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';

/**
 * Start the best tfjs backend that loads here: libtensorflow through the optional
 * @tensorflow/tfjs-node (absent where its install cannot download libtensorflow),
 * else WebAssembly, else plain JS. Returns the backend that is active; `onSkip` hears
 * why each backend tried before it did not start (a caller warns about the fallback).
 */
export async function initTfjs(
  preferred?: TfjsBackendName,
  onSkip?: (backend: TfjsBackendName, reason: string) => void,
): Promise<TfjsBackendName> {
  const order: TfjsBackendName[] = preferred ? [preferred] : ['tensorflow', 'wasm', 'cpu'];
  const reasons: string[] = [];
  for (const name of order) {
    const skip = (reason: string) => {
      reasons.push(`${name}: ${reason}`);
      onSkip?.(name, reason);
    };
    if (name === 'tensorflow') {
      const missing = await loadTfjsNode();
      if (missing !== null) {
        skip(missing);
        continue;
      }
    }
    try {
      if ((await tf.setBackend(name)) && (await tf.ready(), tf.getBackend() === name)) return name;
      skip('it did not initialise');
    } catch (e) {
      // a backend that fails to initialise is unavailable: try the next one
      skip(e instanceof Error ? e.message : String(e));
    }
  }
  throw new Error(`no tfjs backend could start (${reasons.join('; ')})`);
}

/** Null when @tensorflow/tfjs-node loaded, else why not. */
async function loadTfjsNode(): Promise<string | null> {
  try {
    // A variable specifier keeps TypeScript from requiring the optional package's types.
    const optional = '@tensorflow/tfjs-node';
    await import(optional);
    return null;
  } catch (e) {
    return `@tensorflow/tfjs-node does not load (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
}

export { tf };
