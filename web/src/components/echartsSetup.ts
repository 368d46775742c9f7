// ECharts, tree-shaken to the chart types and components Guanxi draws. Imported only through
// loadECharts() (echarts.ts), so it lives in its own chunk loaded with the first chart.
// Need another chart type? Import and register it here.
import * as core from 'echarts/core';
import { BarChart, FunnelChart, HeatmapChart, LineChart, PieChart, ScatterChart, GaugeChart, RadarChart, SankeyChart } from 'echarts/charts';
import {
  DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent,
  DataZoomComponent, MarkPointComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

core.use([
  BarChart, LineChart, PieChart, FunnelChart, HeatmapChart, ScatterChart, GaugeChart, RadarChart, SankeyChart,
  GridComponent, TooltipComponent, LegendComponent, TitleComponent, VisualMapComponent, DatasetComponent,
  MarkLineComponent, MarkPointComponent, DataZoomComponent, CanvasRenderer,
]);

export default core;
