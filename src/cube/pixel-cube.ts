import type { EnkfInputs } from '../../kernels/enkf/types.js';

/**
 * What BPANN and EnKF fuse: two SM inputs (smap: satellite; clm: model), LST and the
 * observations they are trained on, as cubes [day][pixel] (a site is one pixel).
 * The EnKF kernel's input type, which it already is.
 */
export type PixelCube = EnkfInputs;
