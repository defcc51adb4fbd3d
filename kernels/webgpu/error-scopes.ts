/// <reference types="@webgpu/types" />

const FILTERS: readonly GPUErrorFilter[] = ['validation', 'out-of-memory', 'internal'];

/**
 * Runs GPU work inside validation, out-of-memory and internal error scopes and throws
 * what they caught. Without scopes WebGPU only logs such errors and the work goes on
 * with garbage (the silent failures software GPUs are prone to). `what` names the work.
 */
export async function withErrorScopes<T>(device: GPUDevice, what: string, work: () => Promise<T>): Promise<T> {
  for (const filter of FILTERS) device.pushErrorScope(filter);
  let result: T | undefined;
  let failure: unknown;
  try {
    result = await work();
  } catch (e) {
    failure = e;
  }
  // Scopes pop last-in first-out, and every pushed one must be popped even after a throw.
  const caught = (await Promise.all(FILTERS.map(() => device.popErrorScope()))).filter((e) => e !== null);
  if (caught.length > 0) throw new Error(`GPU ${what} failed: ${caught.map((e) => e.message).join('; ')}`);
  if (failure !== undefined) throw failure;
  return result as T;
}
