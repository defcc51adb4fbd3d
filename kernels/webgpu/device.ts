/// <reference types="@webgpu/types" />

/** A WebGPU device from Dawn's node bindings (the optional `webgpu` package). */
export interface GpuDevice {
  readonly device: GPUDevice;
  /** What runs it, e.g. "llvmpipe-llvm-15-0-6-256-bits- (OpenGL ES 3.2 Mesa 22.3.6)". */
  readonly description: string;
  /** A CPU rasterizer posing as a GPU: correct, but slower than the native kernel. */
  readonly software: boolean;
}

export type GpuAcquisition = { readonly gpu: GpuDevice } | { readonly reason: string };

interface Dawn {
  create(options: string[]): GPU;
  globals: object;
}

/** Dawn's adapter options and info as WebGPU has them now; the @webgpu/types 0.1.38 that tfjs-core pins predates both. */
type AdapterOptions = GPURequestAdapterOptions & { featureLevel?: 'core' | 'compatibility' };
interface AdapterInfo {
  readonly vendor: string;
  readonly device: string;
  readonly description: string;
}

/**
 * Where to look for an adapter, in order: Dawn's default backend (Vulkan on Linux, Metal,
 * D3D12) for a real GPU; else OpenGL ES in compatibility mode, which is how Mesa's
 * llvmpipe serves WebGPU (Debian 12's lavapipe lacks a Vulkan feature Dawn requires).
 */
const ATTEMPTS: readonly { readonly dawnOptions: string[]; readonly adapter: AdapterOptions }[] = [
  { dawnOptions: [], adapter: { powerPreference: 'high-performance' } },
  { dawnOptions: ['backend=opengles'], adapter: { featureLevel: 'compatibility' } },
];

/**
 * Every Dawn instance this thread created, kept for its lifetime: when one is garbage
 * collected (say the default-backend one that found no adapter), Dawn's event pump
 * still visits it and corrupts memory (observed with webgpu 0.6.2: random aborts).
 */
const keptInstances: GPU[] = [];

const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|softpipe|swiftshader|microsoft basic render/i;

/**
 * EGL picks its platform from EGL_PLATFORM; a compute process has no display, so ask for
 * the surfaceless one unless the user chose. Must run on the main thread before the GPU
 * worker starts: a worker's process.env is a copy that native getenv() never sees.
 */
export function preferHeadlessEgl(): void {
  process.env.EGL_PLATFORM ??= 'surfaceless';
}

/** A device on the first adapter Dawn finds, or why there is none (never throws). */
export async function acquireGpuDevice(): Promise<GpuAcquisition> {
  let dawn: Dawn;
  try {
    // A variable specifier keeps TypeScript from requiring the optional package.
    const optional = 'webgpu';
    dawn = (await import(optional)) as Dawn;
  } catch (e) {
    return { reason: `the optional package "webgpu" (Dawn) does not load: ${(e as Error).message}` };
  }
  // GPUBufferUsage, GPUMapMode… are globals in a browser; Dawn hands them over instead.
  Object.assign(globalThis, dawn.globals);
  const tried: string[] = [];
  for (const { dawnOptions, adapter: options } of ATTEMPTS) {
    const label = dawnOptions.join(' ') || 'default backend';
    try {
      const instance = dawn.create(dawnOptions);
      keptInstances.push(instance);
      const adapter = await instance.requestAdapter(options);
      if (!adapter) {
        tried.push(`${label}: no adapter`);
        continue;
      }
      const device = await adapter.requestDevice();
      const { vendor, device: chip, description: api } = (adapter as GPUAdapter & { info: AdapterInfo }).info;
      const description = [vendor, chip].filter(Boolean).join(' ') + (api ? ` (${api})` : '');
      return { gpu: { device, description: description.trim(), software: SOFTWARE_ADAPTER.test(`${chip} ${api} ${vendor}`) } };
    } catch (e) {
      tried.push(`${label}: ${(e as Error).message}`);
    }
  }
  return {
    reason:
      `no WebGPU adapter (${tried.join('; ')}). A GPU driver is needed; without a GPU, Mesa's software one ` +
      `serves through OpenGL ES (Debian: libgl1-mesa-dri libegl1)`,
  };
}
