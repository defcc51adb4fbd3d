import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';

/**
 * Start the best tfjs backend that loads here: libtensorflow through the optional
 * @tensorflow/tfjs-node (absent where its install cannot download libtensorflow),
 * else WebAssembly, else plain JS. Returns the backend that is active.
 */
export async function initTfjs(preferred?: TfjsBackendName): Promise<TfjsBackendName> {
  const order: TfjsBackendName[] = preferred ? [preferred] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of order) {
    if (name === 'tensorflow' && !(await loadTfjsNode())) continue;
    try {
      if ((await tf.setBackend(name)) && (await tf.ready(), tf.getBackend() === name)) return name;
    } catch {
      // a backend that fails to initialise is simply unavailable: try the next one
    }
  }
  throw new Error(`no tfjs backend could start (tried ${order.join(', ')})`);
}

async function loadTfjsNode(): Promise<boolean> {
  try {
    // A variable specifier keeps TypeScript from requiring the optional package's types.
    const optional = '@tensorflow/tfjs-node';
    await import(optional);
    return true;
  } catch {
    return false;
  }
}

export { tf };
