import { cellCenterLat, cellCenterLon, type GridSpec } from '../grid/gridspec.js';
import { deriveSeed, makeRng, type Rng } from '../../core/rng.js';

/**
 * Gaussian noise on a geographic lattice (nodes every `spacing` degrees, seeded by their
 * lon/lat index), interpolated to the cells of a grid. A place gets the same value on any
 * grid, and each cell stays N(0, 1): the four interpolation weights are scaled so that
 * their squares sum to 1.
 */
export interface Lattice {
  readonly cells: number;
  /** Geographic index of each node: lon ≈ nodeI·spacing, lat ≈ nodeJ·spacing. */
  readonly nodeI: Int32Array;
  readonly nodeJ: Int32Array;
  /** Four nodes and weights per cell, cell-major. */
  readonly index: Int32Array;
  readonly weight: Float32Array;
}

/** Smoothstep: C¹ between nodes, so fields show no creases along the lattice lines. */
function smooth(f: number): number {
  return f * f * (3 - 2 * f);
}

export function makeLattice(grid: GridSpec, spacing: number): Lattice {
  const { width, height } = grid;
  const colI = new Int32Array(width);
  const colF = new Float64Array(width);
  for (let c = 0; c < width; c++) {
    const x = cellCenterLon(grid, c) / spacing;
    colI[c] = Math.floor(x);
    colF[c] = smooth(x - colI[c]);
  }
  const rowJ = new Int32Array(height);
  const rowF = new Float64Array(height);
  for (let r = 0; r < height; r++) {
    const y = cellCenterLat(grid, r) / spacing;
    rowJ[r] = Math.floor(y);
    rowF[r] = smooth(y - rowJ[r]);
  }
  const i0 = Math.min(...colI);
  const j0 = Math.min(...rowJ);
  const ni = Math.max(...colI) - i0 + 2;
  const nj = Math.max(...rowJ) - j0 + 2;
  const nodeI = new Int32Array(ni * nj);
  const nodeJ = new Int32Array(ni * nj);
  for (let j = 0; j < nj; j++) {
    for (let i = 0; i < ni; i++) {
      nodeI[j * ni + i] = i0 + i;
      nodeJ[j * ni + i] = j0 + j;
    }
  }
  const cells = width * height;
  const index = new Int32Array(4 * cells);
  const weight = new Float32Array(4 * cells);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const k = 4 * (r * width + c);
      const base = (rowJ[r] - j0) * ni + (colI[c] - i0);
      const fx = colF[c];
      const fy = rowF[r];
      const w00 = (1 - fx) * (1 - fy);
      const w10 = fx * (1 - fy);
      const w01 = (1 - fx) * fy;
      const w11 = fx * fy;
      const norm = Math.hypot(w00, w10, w01, w11);
      index[k] = base;
      index[k + 1] = base + 1;
      index[k + 2] = base + ni;
      index[k + 3] = base + ni + 1;
      weight[k] = w00 / norm;
      weight[k + 1] = w10 / norm;
      weight[k + 2] = w01 / norm;
      weight[k + 3] = w11 / norm;
    }
  }
  return { cells, nodeI, nodeJ, index, weight };
}

/** Interpolates node values to the cells, writing into `out`. */
export function interpolate(lattice: Lattice, nodeValues: Float64Array, out: Float32Array): void {
  const { index, weight } = lattice;
  for (let cell = 0, k = 0; cell < lattice.cells; cell++, k += 4) {
    out[cell] =
      weight[k] * nodeValues[index[k]] +
      weight[k + 1] * nodeValues[index[k + 1]] +
      weight[k + 2] * nodeValues[index[k + 2]] +
      weight[k + 3] * nodeValues[index[k + 3]];
  }
}

function nodeRngs(lattice: Lattice, seed: number): Rng[] {
  return Array.from(lattice.nodeI, (i, n) => makeRng(deriveSeed(seed, i, lattice.nodeJ[n])));
}

/** A static smooth N(0, 1) field, one value per cell. */
export function staticNoise(grid: GridSpec, spacing: number, seed: number): Float32Array {
  const lattice = makeLattice(grid, spacing);
  const values = Float64Array.from(nodeRngs(lattice, seed), (rng) => rng.normal());
  const out = new Float32Array(lattice.cells);
  interpolate(lattice, values, out);
  return out;
}

/**
 * A smooth N(0, 1) field that evolves day by day: every node is an AR(1) series with
 * lag-one correlation `persistence`, so weather systems last and drift rather than
 * jumping independently from one day to the next.
 */
export class DailyNoise {
  private readonly lattice: Lattice;
  private readonly rngs: Rng[];
  private readonly values: Float64Array;
  private readonly persistence: number;
  private started = false;

  constructor(grid: GridSpec, spacing: number, persistence: number, seed: number) {
    this.lattice = makeLattice(grid, spacing);
    this.rngs = nodeRngs(this.lattice, seed);
    this.values = new Float64Array(this.rngs.length);
    this.persistence = persistence;
  }

  /** Advances one day and writes the day's field into `out`. */
  next(out: Float32Array): void {
    const rho = this.started ? this.persistence : 0;
    const innovation = Math.sqrt(1 - rho * rho);
    for (let n = 0; n < this.values.length; n++) {
      this.values[n] = rho * this.values[n] + innovation * this.rngs[n].normal();
    }
    this.started = true;
    interpolate(this.lattice, this.values, out);
  }
}
