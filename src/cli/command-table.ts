/**
 * Every command: its one-line description and the module that builds it. main.ts loads
 * only the module of the command being run (the others are listed by name and
 * description), so `smfuse --version`, `--help` and a light command start in a fraction
 * of the time importing every reader, kernel and writer takes.
 */
import type { Command } from 'commander';

export interface CommandEntry {
  readonly description: string;
  load(): Promise<Command>;
}

export const COMMANDS = {
  grnn: {
    description: 'GRNN fusion of two SM products with gap-free reference data (moving windows, year by year)',
    load: async () => (await import('./grnn-command.js')).grnnCommand(),
  },
  merge: {
    description: 'assemble the tiles of a sharded run (grnn|bpann|enkf --shard i/N) into the final products, byte-identical to an unsharded run',
    load: async () => (await import('./merge-command.js')).mergeCommand(),
  },
  bpann: {
    description: 'BPANN fusion (3 → 6×5 logsig → 1) of two SM inputs and LST against observations, at a site or per pixel',
    load: async () => (await import('./bpann-command.js')).bpannCommand(),
  },
  enkf: {
    description: 'EnKF fusion, SM = a1·SMAP² + a2·CLM + a3·LST + a4, against observations, at a site or per pixel',
    load: async () => (await import('./enkf-command.js')).enkfCommand(),
  },
  fitforms: {
    description: 'R of y = ax+b, ax²+b, ax³+b, ax⁴+b, a·eˣ, a·ln x, a·x^b for each input against the observations (Table 1)',
    load: async () => (await import('./fitforms-command.js')).fitformsCommand(),
  },
  evaluate: {
    description: 'metrics of an estimate against observations (two CSV series, two GeoTIFF stacks, or a GeoTIFF and stations), or triple collocation of three products (--tc)',
    load: async () => (await import('./evaluate-command.js')).evaluateCommand(),
  },
  info: {
    description: 'show a file\'s format, variables (shape, type, units, fill, scale), grid, CRS and dates as smfuse reads them',
    load: async () => (await import('./info-command.js')).infoCommand(),
  },
  plan: {
    description: 'read and check a grnn or bpann/enkf configuration\'s inputs as the run would, and print what each resolves to (files, product, grid, units, days, gaps); fuses nothing',
    load: async () => (await import('./plan-command.js')).planCommand(),
  },
  convert: {
    description: 'read product files (NetCDF, HDF5, GeoTIFF) onto a target grid: one float32 GeoTIFF band per date, NaN = missing',
    load: async () => (await import('./convert-command.js')).convertCommand(),
  },
  report: {
    description: 'write OUT_DIR/report/index.html (maps, charts, tables) and report/fig/*.png from a finished run',
    load: async () => (await import('./report-command.js')).reportCommand(),
  },
  demo: {
    description: 'fuse the bundled synthetic sample year (data/run.json) into GeoTIFFs and fused.nc, and write its report; opens nothing',
    load: async () => (await import('./demo-command.js')).demoCommand(),
  },
  backends: {
    description: 'list the GRNN, BPANN and EnKF backends (native, js, gpu, tfjs): whether each runs here or why not, and which one --backend auto picks',
    load: async () => (await import('./backends-command.js')).backendsCommand(),
  },
} as const satisfies Record<string, CommandEntry>;

export type CommandName = keyof typeof COMMANDS;

/** A command's description, as its module sets it and the top-level help lists it. */
export function commandDescription(name: CommandName): string {
  return COMMANDS[name].description;
}
