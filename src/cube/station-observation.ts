/** One in-situ soil-moisture reading of one station on one day (SM in m³/m³). */
export interface StationObservation {
  network: string;
  station: string;
  lat: number;
  lon: number;
  /** ISO YYYY-MM-DD. */
  date: string;
  sm: number;
}
