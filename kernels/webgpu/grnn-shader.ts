/** Invocations per workgroup; each evaluates one query. */
export const WORKGROUP_SIZE = 64;

/** σ evaluated per pass: each invocation keeps this many numerator/denominator pairs in registers. */
export const SIGMAS_PER_PASS = 8;

/** Bytes of the uniform block: n, m, σ count, output offset, then the σ scales as vec4s. */
export const PARAMS_BYTES = 16 + SIGMAS_PER_PASS * 4;

/** Training rows staged in workgroup memory per tile, within the device's workgroup storage. */
export function tileRows(d: number, workgroupStorageBytes: number): number {
  return Math.max(1, Math.floor(Math.min(workgroupStorageBytes, 16384) / 4 / (d + 1)));
}

/**
 * WGSL of the GRNN predict kernel for `d` features. One invocation per query; training
 * rows (d features then the target) are staged through workgroup memory one tile at a
 * time, shared by the workgroup's queries. The weights are shifted by the nearest
 * distance seen so far, as in the reference, so small σ never underflows to 0/0; when a
 * nearer sample appears the sums are rescaled to the new shift (the shift cancels in the
 * ratio). Each tile sums into its own accumulators before adding to the totals, which
 * keeps float32 rounding of long sums small.
 */
export function grnnShader(d: number, rows: number): string {
  const stride = d + 1;
  const vec4s = SIGMAS_PER_PASS / 4;
  return /* wgsl */ `
const D = ${d}u;
const STRIDE = ${stride}u;
const TILE_ROWS = ${rows}u;
const K = ${SIGMAS_PER_PASS}u;
const WG = ${WORKGROUP_SIZE}u;

struct Params {
  n: u32,
  m: u32,
  sigmaCount: u32,
  outOffset: u32,
  scales: array<vec4f, ${vec4s}>,  // 1 / (2σ²)
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> train: array<f32>;
@group(0) @binding(2) var<storage, read> queries: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> tile: array<f32, ${rows * stride}>;

fn scale(s: u32) -> f32 {
  return params.scales[s / 4u][s % 4u];
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let j = gid.x;
  // Invocations past the last query still help stage tiles; they read query m−1 and write nothing.
  let row = min(j, params.m - 1u);
  var q: array<f32, D>;
  for (var k = 0u; k < D; k++) { q[k] = queries[row * D + k]; }
  var shift = 0.0;
  for (var k = 0u; k < D; k++) { let e = q[k] - train[k]; shift += e * e; }
  var num: array<f32, K>;
  var den: array<f32, K>;
  for (var start = 0u; start < params.n; start += TILE_ROWS) {
    let count = min(TILE_ROWS, params.n - start);
    workgroupBarrier();
    for (var t = lid; t < count * STRIDE; t += WG) { tile[t] = train[start * STRIDE + t]; }
    workgroupBarrier();
    var tileNum: array<f32, K>;
    var tileDen: array<f32, K>;
    for (var r = 0u; r < count; r++) {
      var dist = 0.0;
      for (var k = 0u; k < D; k++) { let e = q[k] - tile[r * STRIDE + k]; dist += e * e; }
      if (dist < shift) {
        for (var s = 0u; s < params.sigmaCount; s++) {
          let f = exp((dist - shift) * scale(s));
          num[s] *= f;
          den[s] *= f;
          tileNum[s] *= f;
          tileDen[s] *= f;
        }
        shift = dist;
      }
      let y = tile[r * STRIDE + D];
      for (var s = 0u; s < params.sigmaCount; s++) {
        let w = exp((shift - dist) * scale(s));
        tileNum[s] += w * y;
        tileDen[s] += w;
      }
    }
    for (var s = 0u; s < params.sigmaCount; s++) {
      num[s] += tileNum[s];
      den[s] += tileDen[s];
    }
  }
  if (j < params.m) {
    for (var s = 0u; s < params.sigmaCount; s++) { out[params.outOffset + s * params.m + j] = num[s] / den[s]; }
  }
}
`;
}
