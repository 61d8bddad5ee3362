/**
 * The report's charts: vega-lite specs built from {@link BenchMetrics}, compiled to Vega and
 * rendered to SVG strings in Node (`renderer: 'none'`), so `report.html` needs no script. Vega and
 * vega-lite load only when a chart is rendered.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { importPeer } from '../optional.js';
import { SYSTEM_INFO, SYSTEMS, type SystemId } from './evaluate.js';
import type { BenchMetrics } from './schema.js';

/** A rendered chart. */
export interface Chart {
  /** Stable id, used as the HTML element id (`chart-<id>`). */
  id: 'pr' | 'reliability' | 'language-f1' | 'confusion';
  title: string;
  /** What the chart shows, one sentence. */
  caption: string;
  spec: TopLevelSpec;
  /** `<svg ...>...</svg>`; empty until rendered. */
  svg: string;
}

const PALETTE: Record<SystemId, string> = { fused: '#1f5fa8', rules: '#d9822b', model: '#2e9e5b', baseline: '#8a8a8a' };
const name = (s: SystemId): string => SYSTEM_INFO[s].name;

function colorScale(systems: readonly SystemId[]): { field: string; type: 'nominal'; title: string; scale: { domain: string[]; range: string[] } } {
  return { field: 'system', type: 'nominal', title: 'system', scale: { domain: systems.map(name), range: systems.map((s) => PALETTE[s]) } };
}

const CONFIG = { font: 'sans-serif', view: { stroke: '#ddd' }, axis: { labelFontSize: 11, titleFontSize: 12 }, title: { fontSize: 14, anchor: 'start' as const } };

/** The precision-recall curve of every system that ran, with a dot at the configured threshold. */
function prChart(m: BenchMetrics, ran: readonly SystemId[]): Chart {
  const pr = m.curves.pr.flatMap((c) => c.points.map((p, i) => ({ system: name(c.system), i, recall: p.recall, precision: p.precision, threshold: p.threshold })));
  const ops = m.systems.flatMap((s) => {
    const x = s.metrics;
    return x && x.precision !== null && x.recall !== null ? [{ system: s.name, recall: x.recall, precision: x.precision }] : [];
  });
  return {
    id: 'pr',
    title: 'Precision–recall curve (advert)',
    caption: `Each line sweeps the threshold over one system's scores; dots mark the configured threshold (${m.config.threshold}).`,
    svg: '',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Precision–recall (advert)',
      width: 420,
      height: 300,
      config: CONFIG,
      layer: [
        {
          data: { values: pr },
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
          encoding: {
            x: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] }, title: 'recall' },
            y: { field: 'precision', type: 'quantitative', scale: { domain: [0, 1] }, title: 'precision' },
            color: colorScale(ran),
            order: { field: 'i', type: 'quantitative' },
          },
        },
        {
          data: { values: ops },
          mark: { type: 'point', filled: true, size: 80 },
          encoding: {
            x: { field: 'recall', type: 'quantitative' },
            y: { field: 'precision', type: 'quantitative' },
            color: colorScale(ran),
          },
        },
      ],
    },
  };
}

/** The reliability diagram of every system that ran but the keyword baseline. */
function reliabilityChart(m: BenchMetrics, ran: readonly SystemId[]): Chart {
  const bins = m.calibration
    .filter((c) => c.system !== 'baseline')
    .flatMap((c) => c.bins.filter((b) => b.meanScore !== null).map((b) => ({ system: name(c.system), meanScore: b.meanScore, fractionPositive: b.fractionPositive, count: b.count })));
  const calSystems = ran.filter((s) => s !== 'baseline');
  return {
    id: 'reliability',
    title: 'Reliability diagram',
    caption: 'Mean score against the fraction of adverts in each of 10 score bins; the dashed diagonal is perfect calibration. ECE is the count-weighted gap.',
    svg: '',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Reliability (10 bins)',
      width: 320,
      height: 300,
      config: CONFIG,
      layer: [
        {
          data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
          mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
          encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1] }, title: 'mean score in bin' }, y: { field: 'y', type: 'quantitative', scale: { domain: [0, 1] }, title: 'fraction of adverts' } },
        },
        {
          data: { values: bins },
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'meanScore', type: 'quantitative' },
            y: { field: 'fractionPositive', type: 'quantitative' },
            color: colorScale(calSystems),
          },
        },
      ],
    },
  };
}

/** F1 at the threshold per language, one bar per system. */
function languageF1Chart(m: BenchMetrics, ran: readonly SystemId[]): Chart {
  const langs = m.perLanguage.rows;
  const bars = langs.flatMap((row) => ran.flatMap((s) => {
    const f1 = row.systems[s]?.f1;
    return f1 === null || f1 === undefined ? [] : [{ lang: row.lang, system: name(s), f1 }];
  }));
  return {
    id: 'language-f1',
    title: 'F1 per language',
    caption: `F1 at the threshold per ${m.perLanguage.source === 'gold' ? 'gold' : 'detected'} language, most posts first; a missing bar means F1 is undefined there (no adverts and none flagged).`,
    svg: '',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'F1 per language',
      width: Math.min(1100, Math.max(320, langs.length * (ran.length * 9 + 10))),
      height: 220,
      config: CONFIG,
      data: { values: bars },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'lang', type: 'nominal', sort: langs.map((l) => l.lang), title: 'language', axis: { labelAngle: 0 } },
        xOffset: { field: 'system', type: 'nominal', scale: { domain: ran.map(name) } },
        y: { field: 'f1', type: 'quantitative', scale: { domain: [0, 1] }, title: 'F1' },
        color: colorScale(ran),
      },
    },
  };
}

/** The default pipeline's confusion matrix at the threshold, as a heat map with counts. */
function confusionChart(m: BenchMetrics): Chart {
  const fused = m.systems.find((s) => s.id === 'fused')?.metrics;
  const c = fused?.confusion ?? { tp: 0, fp: 0, tn: 0, fn: 0 };
  const max = Math.max(c.tp, c.fp, c.tn, c.fn, 1);
  const cells = [
    { actual: 'advert', predicted: 'advert', count: c.tp },
    { actual: 'advert', predicted: 'not advert', count: c.fn },
    { actual: 'not advert', predicted: 'advert', count: c.fp },
    { actual: 'not advert', predicted: 'not advert', count: c.tn },
  ].map((x) => ({ ...x, dark: x.count > max / 2 }));
  return {
    id: 'confusion',
    title: 'Confusion matrix (default pipeline)',
    caption: `Posts by truth and prediction of the default pipeline at threshold ${m.config.threshold}.`,
    svg: '',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Confusion matrix (fused)',
      width: 220,
      height: 220,
      config: CONFIG,
      data: { values: cells },
      encoding: {
        x: { field: 'predicted', type: 'nominal', sort: ['advert', 'not advert'], title: 'predicted', axis: { labelAngle: 0, orient: 'top' } },
        y: { field: 'actual', type: 'nominal', sort: ['advert', 'not advert'], title: 'actual' },
      },
      layer: [
        { mark: { type: 'rect' }, encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues', domain: [0, max] }, legend: null } } },
        {
          mark: { type: 'text', fontSize: 18, fontWeight: 'bold' },
          encoding: {
            text: { field: 'count', type: 'quantitative' },
            color: { condition: { test: 'datum.dark', value: 'white' }, value: '#222' },
          },
        },
      ],
    },
  };
}

/**
 * Builds the chart specs (not rendered) for a metrics object: PR curve, reliability diagram,
 * per-language F1 bars and the default pipeline's confusion matrix.
 * @example const specs = chartSpecs(metrics); specs.map((c) => c.id) // ['pr', 'reliability', 'language-f1', 'confusion']
 */
export function chartSpecs(m: BenchMetrics): Chart[] {
  const ran = SYSTEMS.filter((id) => m.systems.find((s) => s.id === id)?.metrics);
  return [prChart(m, ran), reliabilityChart(m, ran), languageF1Chart(m, ran), confusionChart(m)];
}


/**
 * Renders a vega-lite spec to an SVG string in Node.
 * @example const svg = await renderSvg({ data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } });
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vl, vega] = await Promise.all([importPeer<typeof import('vega-lite')>('vega-lite'), importPeer<typeof import('vega')>('vega')]);
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Builds and renders every chart of a report.
 * @example const charts = await renderCharts(metrics); charts[0].svg.startsWith('<svg') // true
 */
export async function renderCharts(m: BenchMetrics): Promise<Chart[]> {
  const charts = chartSpecs(m);
  for (const c of charts) c.svg = await renderSvg(c.spec);
  return charts;
}
