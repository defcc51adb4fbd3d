import { openWebGpuGrnnKernel, type WebGpuGrnnKernel } from '../../../kernels/webgpu/grnn.js';
import { inProcessExecutor } from '../../methods/grnn/executor.js';
import { BackendUnavailable } from '../backend.js';
import type { GrnnBackend } from './grnn-backend.js';

/**
 * The WGSL shader on WebGPU (kernels/grnn/webgpu.ts), windows one at a time in this
 * thread. Whether it is available is only known by opening it (adapter, probe).
 */
export const gpuGrnnBackend: GrnnBackend = {
  name: 'gpu',
  kernel: 'grnn',
  rank: 30,
  autoNever:
    "the only GPU measured is Mesa's software rasterizer, slower than the addon, and opening one costs seconds and driver chatter on stderr",
  label: 'the WebGPU kernel',
  async available() {
    const opened = await openWebGpuGrnnKernel();
    if ('reason' in opened) return { ok: false, reason: opened.reason };
    await opened.kernel.close();
    return { ok: true, detail: `${backendName(opened.kernel)}${opened.kernel.software ? ', a software rasterizer' : ''}` };
  },
  openKernel: open,
  async openRunner() {
    const kernel = await open();
    return inProcessExecutor(kernel, backendName(kernel));
  },
};

async function open(): Promise<WebGpuGrnnKernel> {
  const opened = await openWebGpuGrnnKernel();
  if ('reason' in opened) throw new BackendUnavailable(opened.reason);
  return opened.kernel;
}

/** The backend's name in run.json: the kernel and its adapter. */
function backendName(kernel: WebGpuGrnnKernel): string {
  return `${kernel.name} (${kernel.description})`;
}
