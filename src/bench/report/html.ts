/**
 * The HTML report, `report.html`: self-contained (inline CSS and the charts' SVG, no script, no
 * external font or image), with the same tables and prose as the Markdown one.
 * @module
 */
import { escapeHtml as h, reportHead } from '../../html.js';
import type { Chart } from '../charts.js';
import { SYSTEM_INFO } from '../evaluate.js';
import type { BenchMetrics } from '../schema.js';
import { errorHtml } from './errors.js';
import { f3, modelLine, pct, summaryLine } from './format.js';
import { DEFINITIONS, ORDINARY_DEFINITION, PREVALENCE_TEXT } from './glossary.js';
import { tables, type Table } from './tables.js';

function htmlTable(t: Table, caption?: string): string {
  const num = (s: string): boolean => /^[—\d.,%\s@×]+(?: ms| MB| posts\/s)?$/.test(s);
  return [
    '<div class="scroll"><table>',
    caption ? `<caption>${h(caption)}</caption>` : '',
    `<thead><tr>${t.head.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...t.rows.map((r) => {
      const span = (i: number): string => (i === r.length - 1 && r.length < t.head.length ? ` colspan="${t.head.length - i}"` : '');
      return `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${h(c)}</th>` : `<td${span(i)}${num(c) ? ' class="n"' : ''}>${h(c)}</td>`)).join('')}</tr>`;
    }),
    '</tbody></table></div>',
  ].join('\n');
}

const CSS = `
:root{color-scheme:light;--fg:#1d232b;--muted:#5f6b78;--line:#dde2e8;--accent:#1f5fa8}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans Arabic","Noto Sans Ethiopic",sans-serif;color:var(--fg);margin:0 auto;max-width:1180px;padding:24px}
h1{font-size:1.6em;margin:0 0 .3em}h2{font-size:1.25em;margin:1.8em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}h3{font-size:1.05em}
.meta{color:var(--muted);margin:0}.notes{background:#fff8e6;border:1px solid #f0d9a0;padding:.6em 1em;border-radius:6px}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}caption{text-align:left;color:var(--muted);padding:.2em 0}
th,td{border-bottom:1px solid var(--line);padding:.3em .7em;text-align:left;white-space:nowrap}thead th{border-bottom:2px solid #b8c2cc;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}tbody th{font-weight:500}
.charts{display:flex;flex-wrap:wrap;gap:20px}figure.chart{margin:0;border:1px solid var(--line);border-radius:6px;padding:10px;background:#fff;max-width:100%;overflow-x:auto}
figure.chart figcaption{color:var(--muted);font-size:.85em;max-width:460px}
ol.cases{padding-left:1.4em}.case{margin:.6em 0}.risk{font-weight:700;color:var(--accent)}.muted{color:var(--muted)}
blockquote{margin:.3em 0;padding:.3em .8em;border-left:3px solid var(--line);background:#f7f9fb;white-space:pre-wrap;unicode-bidi:plaintext}
ul.ev{margin:.2em 0;padding-left:1.2em;font-size:.88em}.span{background:#fff2b3;padding:0 .15em}.w{color:var(--muted)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dt{font-weight:600}dd{margin:0}
`;

/**
 * The self-contained HTML report: inline CSS and the charts' SVG, no script, no external font or
 * image; a Content-Security-Policy forbids any network load.
 * @example await writeFile('report.html', renderHtml(metrics, await renderCharts(metrics)))
 */
export function renderHtml(m: BenchMetrics, charts: readonly Chart[]): string {
  const t = tables(m);
  const figure = (c: Chart): string =>
    `<figure class="chart" id="chart-${c.id}" data-chart="${c.id}">${c.svg}<figcaption>${h(c.caption)}</figcaption></figure>`;
  const byId = (id: Chart['id']): string => {
    const c = charts.find((x) => x.id === id);
    return c ? figure(c) : '';
  };
  const body: string[] = [];
  body.push('<header><h1>smugglescan bench report</h1>');
  body.push(`<p class="meta">${h(m.data.file ?? '(records)')} (${h(m.data.format ?? '—')}) · ${h(summaryLine(m))}</p>`);
  body.push(`<p class="meta">advert threshold ${m.config.threshold} (remove ${m.config.removeThreshold}) · ${h(modelLine(m))} · ${h(m.generator)} · ${h(m.createdAt)}</p></header>`);
  if (m.notes.length) body.push(`<div class="notes" role="note"><ul>${m.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul></div>`);
  body.push('<section id="ablation"><h2>Advert detection: ablation</h2>', htmlTable(t.ablation));
  body.push(`<dl>${m.systems.map((s) => `<dt>${h(s.name)}</dt><dd>${h(s.description)}</dd>`).join('')}</dl>`);
  body.push(htmlTable(t.confusion, 'Confusion matrices at the threshold'));
  body.push(`<div class="charts">${byId('pr')}${byId('confusion')}</div></section>`);
  if (t.perLabel) body.push('<section id="per-label"><h2>Per label</h2>', htmlTable(t.perLabel), '</section>');
  body.push(`<section id="per-language"><h2>Per language</h2><p class="muted">${m.perLanguage.source === 'gold' ? 'By the gold language column.' : 'By detected language: the data has no language column.'}</p>`);
  body.push(htmlTable(t.perLanguage), `<div class="charts">${byId('language-f1')}</div></section>`);
  body.push('<section id="ordinary"><h2>Ordinary posts: flags per 10,000</h2>');
  if (t.ordinaryStratum && t.ordinaryLanguage && m.ordinary) {
    body.push(`<p>${m.ordinary.n} ordinary posts: ${h(ORDINARY_DEFINITION)} Flagged: score at or above ${m.ordinary.threshold}.</p>`);
    body.push(htmlTable(t.ordinaryStratum, 'Overall and per stratum'), htmlTable(t.ordinaryLanguage, 'Per language'));
    if (t.ordinarySource) body.push(htmlTable(t.ordinarySource, 'Per source'));
  } else body.push('<p>None: the data has no ordinary posts (no everyday kind, no open-world rows).</p>');
  body.push('</section>');
  if (t.prevalence && t.prevalenceRates && m.prevalence) {
    body.push(`<section id="prevalence"><h2>Expected precision at a prevalence</h2><p>${h(PREVALENCE_TEXT)}</p>`);
    body.push(htmlTable(t.prevalenceRates, 'Recall and false-positive rates at the threshold'), htmlTable(t.prevalence, 'Expected precision'));
    if (m.prevalence.note) body.push(`<p class="muted">Note: ${h(m.prevalence.note)}</p>`);
    body.push('</section>');
  }
  if (t.perKind) body.push('<section id="per-kind"><h2>Per kind</h2><p class="muted">Recall on adverts, false-positive rate (FPR) on negatives, at the threshold.</p>', htmlTable(t.perKind), '</section>');
  body.push('<section id="calibration"><h2>Calibration</h2>');
  body.push(`<p>${m.calibration.map((c) => `${h(SYSTEM_INFO[c.system].name)}: ECE <strong>${f3(c.ece)}</strong>`).join(' · ')}</p>`);
  body.push(`<div class="charts">${byId('reliability')}</div>`, htmlTable(t.calibration, 'Reliability bins'), '</section>');
  if (t.languageId && m.languageId) {
    body.push(`<section id="language-id"><h2>Language identification</h2><p>Accuracy <strong>${pct(m.languageId.accuracy)}</strong> (${m.languageId.correct} of ${m.languageId.n}).</p>`, htmlTable(t.languageId), '</section>');
  }
  body.push('<section id="errors"><h2>Error analysis (default pipeline)</h2>');
  body.push(`<h3>Worst false positives (${m.errors.falsePositives.length})</h3>`, m.errors.falsePositives.length ? `<ol class="cases">${m.errors.falsePositives.map(errorHtml).join('\n')}</ol>` : '<p>None.</p>');
  body.push(`<h3>Worst false negatives (${m.errors.falseNegatives.length})</h3>`, m.errors.falseNegatives.length ? `<ol class="cases">${m.errors.falseNegatives.map(errorHtml).join('\n')}</ol>` : '<p>None.</p>', '</section>');
  body.push('<section id="cost"><h2>Cost</h2>', htmlTable(t.cost), '</section>');
  if (m.data.badRowSamples.length) {
    body.push(`<section id="skipped"><h2>Skipped rows (${m.data.badRows})</h2><ul>${m.data.badRowSamples.map((b) => `<li>${h(b.message)}</li>`).join('')}</ul></section>`);
  }
  body.push(`<section id="definitions"><h2>Definitions</h2><dl>${DEFINITIONS.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl></section>`);
  return `${reportHead(`smugglescan bench: ${m.data.file ?? 'report'}`, CSS, `<meta name="generator" content="${h(m.generator)}">`)}
${body.join('\n')}
</body>
</html>
`;
}
