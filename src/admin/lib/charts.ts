/**
 * Chart.js, loaded only when a page draws a chart (dynamic import). Only the pieces the
 * dashboard uses are registered, to keep the chunk small. Charts are drawn without
 * animation at twice the pixel density so they are crisp on screen and on paper, and are
 * resized around printing.
 */
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
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

Chart.defaults.font.family = "system-ui, -apple-system, 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
Chart.defaults.font.size = 13;
Chart.defaults.color = '#4a4360';
Chart.defaults.borderColor = '#e8e4f0';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.plugins.legend.labels.boxWidth = 14;
Chart.defaults.plugins.legend.labels.boxHeight = 14;

/**
 * Draws 95% intervals as whiskers on a bar dataset that carries `intervals` ([low, high] per
 * bar, in the value scale's units). Works for vertical and horizontal bars.
 */
const intervals: Plugin = {
  id: 'intervals',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    chart.data.datasets.forEach((ds, di) => {
      const iv = (ds as unknown as { intervals?: Array<[number, number] | null> }).intervals;
      if (!iv) return;
      const meta = chart.getDatasetMeta(di);
      if (meta.hidden) return;
      const horizontal = chart.options.indexAxis === 'y';
      const valueScale = horizontal ? chart.scales.x! : chart.scales.y!;
      ctx.save();
      ctx.strokeStyle = '#2b2340';
      ctx.lineWidth = 2;
      meta.data.forEach((el, i) => {
        const r = iv[i];
        if (!r) return;
        const lo = valueScale.getPixelForValue(r[0]);
        const hi = valueScale.getPixelForValue(r[1]);
        const { x, y } = el.getProps(['x', 'y'], true) as { x: number; y: number };
        const cap = 6;
        ctx.beginPath();
        if (horizontal) {
          ctx.moveTo(lo, y);
          ctx.lineTo(hi, y);
          ctx.moveTo(lo, y - cap);
          ctx.lineTo(lo, y + cap);
          ctx.moveTo(hi, y - cap);
          ctx.lineTo(hi, y + cap);
        } else {
          ctx.moveTo(x, lo);
          ctx.lineTo(x, hi);
          ctx.moveTo(x - cap, lo);
          ctx.lineTo(x + cap, lo);
          ctx.moveTo(x - cap, hi);
          ctx.lineTo(x + cap, hi);
        }
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

/** Writes each bar's value at its end (or centre when stacked), so figures read without hovering. */
const valueLabels: Plugin & { descriptors: Record<string, unknown> } = {
  id: 'valueLabels',
  // Its options hold a formatting function: not a scriptable option.
  descriptors: { _scriptable: false, _indexable: false },
  afterDatasetsDraw(chart) {
    const fmt = (chart.options.plugins as unknown as { valueLabels?: { format?: (v: number, di: number, i: number) => string; stacked?: boolean; min?: number; ends?: boolean } }).valueLabels;
    if (!fmt?.format) return;
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === 'y';
    ctx.save();
    ctx.font = `600 12px ${Chart.defaults.font.family}`;
    chart.data.datasets.forEach((ds, di) => {
      const meta = chart.getDatasetMeta(di);
      if (meta.hidden || meta.type !== 'bar') return;
      meta.data.forEach((el, i) => {
        const v = ds.data[i] as number;
        if (typeof v !== 'number' || v === 0) return;
        const p = el.getProps(['x', 'y', 'base', 'width', 'height'], true) as { x: number; y: number; base: number; width: number; height: number };
        const text = fmt.format!(v, di, i);
        if (!text) return;
        const w = ctx.measureText(text).width;
        if (fmt.stacked) {
          const room = horizontal ? Math.abs(p.x - p.base) : Math.abs(p.y - p.base);
          if (room < w + 6 || (fmt.min !== undefined && v < fmt.min)) return;
          const bg = String((Array.isArray(ds.backgroundColor) ? ds.backgroundColor[i] : ds.backgroundColor) ?? '#000');
          ctx.fillStyle = isDark(bg) ? '#fff' : '#2b2340';
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          const last = di === chart.data.datasets.length - 1;
          if (horizontal && fmt.ends && (di === 0 || last)) {
            // Two-sided bars (this or that): each side's label at its own end, clear of the interval in the middle.
            ctx.textAlign = di === 0 ? 'left' : 'right';
            const tx = di === 0 ? Math.min(p.x, p.base) + 8 : Math.max(p.x, p.base) - 8;
            // A backing in the bar's colour keeps the label readable over an interval whisker.
            ctx.fillStyle = bg;
            ctx.fillRect(di === 0 ? tx - 3 : tx - w - 3, p.y - 9, w + 6, 18);
            ctx.fillStyle = isDark(bg) ? '#fff' : '#2b2340';
            ctx.fillText(text, tx, p.y);
          } else if (horizontal) ctx.fillText(text, (p.x + p.base) / 2, p.y);
          else ctx.fillText(text, p.x, (p.y + p.base) / 2);
        } else {
          ctx.fillStyle = '#2b2340';
          if (horizontal) {
            ctx.textAlign = 'left';
            ctx.textBaseline = 'middle';
            ctx.fillText(text, p.x + 6, p.y);
          } else {
            ctx.textAlign = 'center';
            ctx.textBaseline = 'bottom';
            ctx.fillText(text, p.x, p.y - 4);
          }
        }
      });
    });
    ctx.restore();
  },
};

function isDark(hex: string): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(hex);
  if (!m) return false;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16));
  return 0.299 * r! + 0.587 * g! + 0.114 * b! < 150;
}

Chart.register(intervals, valueLabels);

const live = new Set<Chart>();
function resizeAll() {
  for (const c of live) c.resize();
}
window.addEventListener('beforeprint', resizeAll);
window.addEventListener('afterprint', resizeAll);
window.matchMedia?.('print').addEventListener?.('change', resizeAll);

export function drawChart(canvas: HTMLCanvasElement, config: ChartConfiguration): { destroy(): void } {
  const chart = new Chart(canvas, {
    ...config,
    options: { devicePixelRatio: Math.max(2, window.devicePixelRatio || 1), ...config.options },
  } as ChartConfiguration);
  live.add(chart);
  return {
    destroy() {
      live.delete(chart);
      chart.destroy();
    },
  };
}
