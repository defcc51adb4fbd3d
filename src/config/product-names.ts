/** The products a configuration (`product`) or `convert --product` may name; src/io/products/ reads each. */
export const PRODUCTS = ['esa-cci', 'smap', 'fy3b', 'clm', 'geotiff', 'smos', 'c3s', 'modis', 'srtm'] as const;
export type ProductName = (typeof PRODUCTS)[number];
