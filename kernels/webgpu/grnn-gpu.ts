/// <reference types="@webgpu/types" />
import type { GrnnTrainingSet } from '../grnn/types.js';
import { withErrorScopes } from './error-scopes.js';
import { grnnShader, PARAMS_BYTES, SIGMAS_PER_PASS, tileRows, WORKGROUP_SIZE } from './grnn-shader.js';

/** GrnnKernel.predict on a WebGPU device, asynchronous as GPU readback is. */
export interface GpuGrnn {
  predict(train: GrnnTrainingSet, query: Float32Array, m: number, sigmas: readonly number[]): Promise<Float32Array>;
}

/** One pipeline per feature count (the shader is specialised on it), built on first use. */
export function gpuGrnn(device: GPUDevice): GpuGrnn {
  const pipelines = new Map<number, Promise<GPUComputePipeline>>();
  const pipelineFor = (d: number) => {
    let p = pipelines.get(d);
    if (!p) {
      const code = grnnShader(d, tileRows(d, device.limits.maxComputeWorkgroupStorageSize));
      p = withErrorScopes(device, `GRNN pipeline (d = ${d})`, async () =>
        device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } }),
      );
      pipelines.set(d, p);
    }
    return p;
  };
  const maxBinding = device.limits.maxStorageBufferBindingSize;

  return {
    async predict(train, query, m, sigmas) {
      const { n, d } = train;
      const out = new Float32Array(sigmas.length * m);
      if (m === 0 || sigmas.length === 0) return out;
      if (n === 0) return out.fill(NaN);
      if (n * (d + 1) * 4 > maxBinding)
        throw new Error(`GPU: ${n} training samples × ${d} features exceed the device's ${maxBinding}-byte storage binding`);
      const pipeline = await pipelineFor(d);
      const rows = packRows(train);
      // Queries in chunks that fit one storage binding and one dispatch.
      const chunk = Math.min(65535 * WORKGROUP_SIZE, Math.floor(maxBinding / 4 / Math.max(d, sigmas.length)));
      for (let start = 0; start < m; start += chunk) {
        const count = Math.min(chunk, m - start);
        const part = await withErrorScopes(device, 'GRNN predict', () =>
          dispatch(device, pipeline, rows, n, query.subarray(start * d, (start + count) * d), count, sigmas),
        );
        for (let s = 0; s < sigmas.length; s++) out.set(part.subarray(s * count, (s + 1) * count), s * m + start);
      }
      return out;
    },
  };
}

/** Training samples as rows of d features then the target: one buffer, one tile load. */
function packRows({ x, y, n, d }: GrnnTrainingSet): Float32Array {
  const rows = new Float32Array(n * (d + 1));
  for (let i = 0; i < n; i++) {
    rows.set(x.subarray(i * d, (i + 1) * d), i * (d + 1));
    rows[i * (d + 1) + d] = y[i];
  }
  return rows;
}

/** Uploads, runs one pass per SIGMAS_PER_PASS σ, reads back out[s*m + j]. */
async function dispatch(
  device: GPUDevice,
  pipeline: GPUComputePipeline,
  rows: Float32Array,
  n: number,
  query: Float32Array,
  m: number,
  sigmas: readonly number[],
): Promise<Float32Array> {
  const bytes = sigmas.length * m * 4;
  const trainBuffer = upload(device, rows, GPUBufferUsage.STORAGE);
  const queryBuffer = upload(device, query, GPUBufferUsage.STORAGE);
  const outBuffer = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const readBuffer = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const buffers = [trainBuffer, queryBuffer, outBuffer, readBuffer];
  try {
    const encoder = device.createCommandEncoder();
    for (let first = 0; first < sigmas.length; first += SIGMAS_PER_PASS) {
      const pass = sigmas.slice(first, first + SIGMAS_PER_PASS);
      const params = new ArrayBuffer(PARAMS_BYTES);
      new Uint32Array(params, 0, 4).set([n, m, pass.length, first * m]);
      new Float32Array(params, 16).set(pass.map((s) => 1 / (2 * s * s)));
      const paramsBuffer = upload(device, new Uint8Array(params), GPUBufferUsage.UNIFORM);
      buffers.push(paramsBuffer);
      const bindGroup = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [paramsBuffer, trainBuffer, queryBuffer, outBuffer].map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      const compute = encoder.beginComputePass();
      compute.setPipeline(pipeline);
      compute.setBindGroup(0, bindGroup);
      compute.dispatchWorkgroups(Math.ceil(m / WORKGROUP_SIZE));
      compute.end();
    }
    encoder.copyBufferToBuffer(outBuffer, 0, readBuffer, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await readBuffer.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(readBuffer.getMappedRange().slice(0));
    readBuffer.unmap();
    return out;
  } finally {
    for (const b of buffers) b.destroy();
  }
}

function upload(device: GPUDevice, data: Float32Array | Uint8Array, usage: number): GPUBuffer {
  const buffer = device.createBuffer({ size: data.byteLength, usage: usage | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}
