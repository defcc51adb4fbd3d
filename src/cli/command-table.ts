/**
 * Every command and its one-line description, which its module sets and the top-level
 * help lists (main.ts loads only the module of the command being run). It imports no
 * command module, so that the command modules can import it.
 */
export const COMMANDS = {
  grnn: 'GRNN fusion of two SM products with gap-free reference data (moving windows, year by year)',
  merge: 'assemble the tiles of a sharded run (grnn|bpann|enkf --shard i/N) into the final products, byte-identical to an unsharded run',
  bpann: 'BPANN fusion (3 → 6×5 logsig → 1) of two SM inputs and LST against observations, at a site or per pixel',
  enkf: 'EnKF fusion, SM = a1·SMAP² + a2·CLM + a3·LST + a4, against observations, at a site or per pixel',
  fitforms: 'R of y = ax+b, ax²+b, ax³+b, ax⁴+b, a·eˣ, a·ln x, a·x^b for each input against the observations (Table 1)',
  evaluate:
    'metrics of an estimate against observations (two CSV series, two GeoTIFF stacks, or a GeoTIFF and stations), or triple collocation of three products (--tc)',
  info: "show a file's format, variables (shape, type, units, fill, scale), grid, CRS and dates as smfuse reads them",
  plan: "read and check a grnn or bpann/enkf configuration's inputs as the run would, and print what each resolves to (files, product, grid, units, days, gaps); fuses nothing",
  convert: 'read product files (NetCDF, HDF5, GeoTIFF) onto a target grid: one float32 GeoTIFF band per date, NaN = missing',
  report: 'write OUT_DIR/report/index.html (maps, charts, tables) and report/fig/*.png from a finished run',
  demo: 'fuse the bundled synthetic sample year (data/run.json) into GeoTIFFs and fused.nc, and write its report; opens nothing',
  backends:
    'list the GRNN, BPANN and EnKF backends (native, js, gpu, tfjs): whether each runs here or why not, and which one --backend auto picks',
} as const satisfies Record<string, string>;

export type CommandName = keyof typeof COMMANDS;

/** A command's description, as its module sets it and the top-level help lists it. */
export function commandDescription(name: CommandName): string {
  return COMMANDS[name];
}
