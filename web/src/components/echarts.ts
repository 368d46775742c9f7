// Loads ECharts on demand (its own chunk, echartsSetup.ts): the first page load stays small.
let promise: Promise<typeof import('echarts/core')> | null = null;

export function loadECharts(): Promise<typeof import('echarts/core')> {
  if (!promise) promise = import('./echartsSetup').then((m) => m.default);
  return promise;
}
