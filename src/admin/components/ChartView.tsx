import type { ChartConfiguration } from 'chart.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../lib/i18n.ts';

type ChartsModule = typeof import('../lib/charts.ts');
let loading: Promise<ChartsModule> | null = null;
/** The charts chunk (Chart.js) loads the first time a chart is shown. */
export function loadCharts(): Promise<ChartsModule> {
  return (loading ??= import('../lib/charts.ts'));
}

/**
 * A chart in a figure: the canvas is an image with a one-line summary for screen readers;
 * the figures behind it are in a table under "Figures".
 */
export function ChartView(props: {
  title: string;
  sub?: string;
  summary: string;
  config: ChartConfiguration;
  height: number;
  table?: ComponentChildren;
  class?: string;
}) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void loadCharts().then((m) => {
      if (cancelled || !canvas.current) return;
      chart = m.drawChart(canvas.current, props.config);
      setReady(true);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [props.config]);
  return (
    <figure class={`chart-card ${props.class ?? ''}`}>
      <figcaption>
        <span class="chart-title">{props.title}</span>
        {props.sub ? <span class="chart-sub">{props.sub}</span> : null}
      </figcaption>
      <div class="chart-box" style={{ height: `${props.height}px` }} data-ready={ready ? 'true' : 'false'}>
        <canvas ref={canvas} role="img" aria-label={`${props.title}: ${props.summary}`} />
        {!ready ? <span class="chart-loading">{t.chartLoading}</span> : null}
      </div>
      {props.table ? (
        <details class="chart-figures">
          <summary>{t.showFigures}</summary>
          {props.table}
        </details>
      ) : null}
    </figure>
  );
}
