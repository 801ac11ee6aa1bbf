// Calls offered today per 15 minutes, drawn with uPlot: read once from the
// call records, then counted up live from the CTI feed's call.offered events.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useI18n } from '../../i18n/i18n.tsx';
import { SLOT_MS, SLOTS_PER_DAY } from './call-buckets.ts';

export function CallsChart(props: { counts: number[]; dayStart: number; now: number }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // Up to the current slot: the rest of the day has not happened yet.
  const upTo = Math.min(SLOTS_PER_DAY, Math.floor((props.now - props.dayStart) / SLOT_MS) + 1);
  const xs = Array.from({ length: upTo }, (_, i) => (props.dayStart + i * SLOT_MS) / 1000);
  const data: uPlot.AlignedData = [xs, props.counts.slice(0, upTo)];

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot(
      {
        width: element.clientWidth,
        height: 150,
        legend: { show: false },
        cursor: { show: true, points: { show: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, max)] } },
        axes: [
          { stroke: '#5d6b79', grid: { stroke: '#eef1f4' } },
          { stroke: '#5d6b79', grid: { stroke: '#eef1f4' }, size: 36 },
        ],
        series: [
          {},
          {
            label: t('wall.chartSeries'),
            stroke: '#1d4ed8',
            fill: 'rgba(29, 78, 216, 0.15)',
            width: 1.5,
            points: { show: false },
            paths: uPlot.paths.bars!({ size: [0.8, 24] }),
          },
        ],
      },
      [[], []],
      element,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: element.clientWidth, height: 150 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [t]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return (
    <div
      className="chart"
      ref={box}
      role="img"
      aria-label={t('wall.chartLabel', { total: props.counts.reduce((a, b) => a + b, 0) })}
      data-testid="calls-chart"
    />
  );
}
