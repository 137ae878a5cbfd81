/** Adds series day by day: several routes' counts as one line. */
export function sumSeries(series: readonly (readonly number[])[], length: number): number[] {
  return Array.from({ length }, (_, i) =>
    series.reduce((sum, values) => sum + (values[i] ?? 0), 0),
  );
}
