/** A finished figure: standalone SVG (white background) and its size in CSS pixels. */
export interface Figure {
  /** File stem under report/fig/. */
  readonly name: string;
  readonly title: string;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  /**
   * True when the page may hold the SVG itself (its ids are unique to the figure and it
   * references nothing outside); otherwise the page shows the PNG.
   */
  readonly inline: boolean;
}
