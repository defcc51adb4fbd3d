/** Which raster formats a run writes (`--format`, config key `format`); src/io/netcdf-write-run.ts says what each writes. */
export const OUTPUT_FORMATS = ['geotiff', 'netcdf', 'both'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const DEFAULT_OUTPUT_FORMAT: OutputFormat = 'geotiff';
