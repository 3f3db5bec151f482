// Thin helpers over Chart.js (vendored UMD build, global `Chart`). Each chart keeps one instance
// per canvas host so a reload destroys the old one before drawing the new one.

import { day, number } from './format.js';

export const COLORS = {
  accent: '#2563eb',
  accentFill: 'rgba(37, 99, 235, 0.12)',
  green: '#16a34a',
  amber: '#d97706',
  slate: '#64748b',
  violet: '#7c3aed',
  grid: '#eef0f3',
  text: '#475569',
};

// In dark mode (prefers-color-scheme) the axis text and grid follow the page's colours.
const dark = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
if (dark) {
  Object.assign(COLORS, {
    accent: '#60a5fa', accentFill: 'rgba(96, 165, 250, 0.16)', green: '#4ade80', amber: '#fbbf24',
    slate: '#94a3b8', violet: '#a78bfa', grid: '#1f2a3d', text: '#cbd5e1',
  });
}
/** The previous period's series: the same hue, lighter, so it reads as the background line. */
export const PREVIOUS_COLOR = dark ? 'rgba(148, 163, 184, 0.75)' : 'rgba(100, 116, 139, 0.6)';

const instances = new WeakMap();

export function chartsAvailable() {
  return typeof window.Chart === 'function';
}

function baseOptions() {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { labels: { color: COLORS.text, boxWidth: 12, boxHeight: 12, usePointStyle: true } },
      tooltip: { callbacks: { title: (items) => (items.length ? day(items[0].label) : '') } },
    },
    scales: {
      x: {
        grid: { display: false },
        ticks: {
          color: COLORS.text, maxRotation: 0, autoSkip: true, maxTicksLimit: 8,
          callback(value) { return day(this.getLabelForValue(value), false); },
        },
      },
      y: {
        beginAtZero: true,
        grid: { color: COLORS.grid },
        ticks: { color: COLORS.text, precision: 0, callback: (v) => number(v) },
      },
    },
  };
}

/** Destroys the chart drawn in the host, if any (before its canvas is removed). */
export function clearChart(host) {
  const old = host && instances.get(host);
  if (old) {
    old.destroy();
    instances.delete(host);
  }
}

/** Replaces the host's content with a canvas described for screen readers. */
function canvasIn(host, label, height = 240) {
  clearChart(host);
  host.replaceChildren();
  const frame = document.createElement('div');
  frame.className = 'chart-frame';
  frame.style.height = `${height}px`;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  frame.append(canvas);
  host.append(frame);
  return canvas;
}

/**
 * A line chart over dates: series = [{label, data, color, fill, dashed, axis}]. `partialLast`: the
 * last date is today, still under way: its segment is dashed and its label says "so far", so a
 * half-counted day does not read as a drop.
 */
export function lineChart(host, { labels, series, label, height, rightAxis, percentAxis, partialLast }) {
  const canvas = canvasIn(host, label, height);
  const options = baseOptions();
  const last = labels.length - 1;
  if (partialLast) {
    options.scales.x.ticks.callback = function tick(value) {
      const text = day(this.getLabelForValue(value), false);
      return value === last ? `${text} (so far)` : text;
    };
    options.plugins.tooltip.callbacks.title = (items) => (items.length
      ? `${day(items[0].label)}${items[0].dataIndex === last ? ' (so far)' : ''}` : '');
  }
  if (percentAxis) {
    options.scales.y.max = 100;
    options.scales.y.ticks = { color: COLORS.text, stepSize: 25, callback: (v) => `${v}%` };
    options.plugins.tooltip.callbacks.label = (item) => `${item.dataset.label}: ${item.raw === null ? '\u2014' : `${item.raw.toFixed(1)}%`}`;
  }
  if (rightAxis) {
    options.scales.y2 = {
      position: 'right',
      beginAtZero: true,
      ...rightAxis,
      grid: { display: false },
      ticks: { color: COLORS.text, ...(rightAxis.ticks || {}) },
    };
  }
  if (series.length === 1) options.plugins.legend.display = false;
  const chart = new window.Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: series.map((s) => ({
        label: s.label,
        data: s.data,
        borderColor: s.color,
        backgroundColor: s.fill || s.color,
        fill: Boolean(s.fill),
        borderWidth: 2,
        borderDash: s.dashed ? [5, 4] : [],
        pointRadius: labels.length > 45 ? 0 : 2,
        pointHoverRadius: 4,
        tension: 0.25,
        yAxisID: s.axis || 'y',
        clip: false, // a line at exactly 100% stays visible on the top edge
        stack: s.stack,
        segment: partialLast ? { borderDash: (ctx) => (ctx.p1DataIndex === last ? [3, 3] : undefined) } : undefined,
      })),
    },
    options,
  });
  instances.set(host, chart);
  return chart;
}

/** Horizontal bars: rows = [{label, value}]. */
export function barChart(host, { rows, label, valueLabel, height, tooltipExtra }) {
  const canvas = canvasIn(host, label, height || Math.max(160, rows.length * 30 + 40));
  const chart = new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.label),
      datasets: [{
        label: valueLabel,
        data: rows.map((r) => r.value),
        backgroundColor: COLORS.accent,
        borderRadius: 4,
        maxBarThickness: 22,
      }],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => `${valueLabel}: ${number(item.raw)}`,
            afterLabel: (item) => (tooltipExtra ? tooltipExtra(rows[item.dataIndex]) : ''),
          },
        },
      },
      scales: {
        x: { beginAtZero: true, grid: { color: COLORS.grid }, ticks: { color: COLORS.text, precision: 0 } },
        y: { grid: { display: false }, ticks: { color: COLORS.text } },
      },
    },
  });
  instances.set(host, chart);
  return chart;
}

/** A tiny axis-less line for a table row. */
export function sparkline(host, { labels, data, label, title = day }) {
  const canvas = canvasIn(host, label, 56);
  const chart = new window.Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: [{
        data,
        borderColor: COLORS.accent,
        backgroundColor: COLORS.accentFill,
        fill: true,
        borderWidth: 1.5,
        pointRadius: 0,
        tension: 0.3,
      }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          intersect: false,
          callbacks: { title: (items) => (items.length ? title(items[0].label) : '') },
        },
      },
      scales: { x: { display: false }, y: { display: false, beginAtZero: true } },
    },
  });
  instances.set(host, chart);
  return chart;
}


/**
 * Stacked vertical bars over dates: series = [{label, data, color}]; negative values stack below
 * the axis (the lifecycle's dormant members).
 */
export function stackedBars(host, { labels, series, label, height }) {
  const canvas = canvasIn(host, label, height);
  const options = baseOptions();
  options.scales.x.stacked = true;
  options.scales.y.stacked = true;
  options.scales.y.beginAtZero = true;
  options.scales.y.ticks.callback = (v) => number(Math.abs(v));
  options.plugins.tooltip.callbacks.label = (item) => `${item.dataset.label}: ${number(Math.abs(item.raw))}`;
  const chart = new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s) => ({
        label: s.label, data: s.data, backgroundColor: s.color, borderRadius: 2, maxBarThickness: 28, stack: 'one',
      })),
    },
    options,
  });
  instances.set(host, chart);
  return chart;
}
