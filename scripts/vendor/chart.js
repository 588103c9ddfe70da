// The portal's Chart.js: the line and bar charts of the dashboard and of the task completion
// page, with their scales, tooltip and legend; window.Chart as the UMD build gave it.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip
);
window.Chart = Chart;
