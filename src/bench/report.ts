/**
 * The bench outputs: `metrics.json` (see `schema.ts`), `report.md`, and a self-contained
 * `report.html` (inline CSS and SVG charts, no script, no external font or image, UTF-8), plus the
 * headline table the CLI prints. Everything shown is read from {@link BenchMetrics}; nothing is
 * computed here but formatting.
 * @module
 */
import { escapeHtml, reportHead } from '../html.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Chart } from './charts.js';
import { renderCharts } from './charts.js';
import { SYSTEM_INFO, type SystemId } from './evaluate.js';
import type { BenchMetrics, ErrorCase, OrdinaryFlags, PrevalenceFigures, SystemMetrics } from './schema.js';

/** `0.912`, or `—` for null/undefined. */
function f3(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(3);
}
function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
}
function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`;
}
function rate(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
}
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const op = (p: { threshold: number; precision: number; recall: number } | null, which: 'precision' | 'recall'): string =>
  p ? `${p[which].toFixed(3)} @${p.threshold.toFixed(2)}` : '—';

/** One row of the ablation table: the cells, in {@link HEADLINE_COLUMNS} order. */
function headlineCells(s: SystemMetrics): string[] {
  const x = s.metrics;
  if (!x) return [s.name, `skipped: ${s.skipped ?? 'not run'}`];
  return [
    s.name,
    f3(x.precision),
    f3(x.recall),
    f3(x.f1),
    f3(x.prAuc),
    f3(x.rocAuc),
    op(x.precisionAtRecall90, 'precision'),
    op(x.recallAtPrecision95, 'recall'),
    x.bestF1 ? `${x.bestF1.f1.toFixed(3)} @${x.bestF1.threshold.toFixed(2)}` : '—',
    f3(x.hardNegativeFpr),
    f3(x.ece),
    rate(s.postsPerSec),
  ];
}

/**
 * Column heads of the ablation table.
 * @example HEADLINE_COLUMNS[3] // 'F1'
 */
export const HEADLINE_COLUMNS = ['system', 'precision', 'recall', 'F1', 'PR-AUC', 'ROC-AUC', 'P@R≥0.9', 'R@P≥0.95', 'best F1 @thr', 'hard-neg FPR', 'ECE', 'posts/s'] as const;

function summaryLine(m: BenchMetrics): string {
  const d = m.data;
  const bad = d.badRows ? ` · ${d.badRows} bad row${d.badRows === 1 ? '' : 's'} skipped` : '';
  return `${d.used} posts (${d.positives} adverts, ${d.negatives} not)${bad}`;
}

function modelLine(m: BenchMetrics): string {
  return m.config.model ? `model ${m.config.model.id} ${m.config.model.version} (sha256 ${m.config.model.sha256.slice(0, 12)})` : 'no model: rules only';
}

const width = (s: string): number => [...s].length;
const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));

// ---------------------------------------------------------------- ordinary posts and prevalence

/** Control characters from the data (a source or language name) shown as `\xNN` on a terminal. */
const termSafe = (s: string): string => s.replace(/\p{Cc}/gu, (c) => `\\x${c.codePointAt(0)!.toString(16).padStart(2, '0')}`);

/** `12.3`: flags per 10,000 posts, or `—`. */
function p10k(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(1);
}

/** `1 in 1,000` for 0.001; the number itself when it is not 1 in a round count. */
function prevalenceName(p: number): string {
  const inv = 1 / p;
  return Math.abs(inv - Math.round(inv)) < 1e-6 * inv ? `1 in ${Math.round(inv).toLocaleString('en-US')}` : String(p);
}

/** Systems that have figures in the ordinary-post groups, in report order. */
function flagSystems(m: BenchMetrics): SystemId[] {
  return systemsRan(m).filter((s) => m.ordinary?.overall.systems[s]);
}

/** A table of flags per 10,000 ordinary posts: for each system, flags, per 10k and its 95 % interval. */
function flagsTable(m: BenchMetrics, first: string, groups: OrdinaryFlags['perLanguage']): Table {
  const ran = flagSystems(m);
  return {
    head: [first, 'posts', ...ran.flatMap((s) => [`${SYSTEM_INFO[s].name} flagged`, 'per 10k', '95% CI per 10k'])],
    rows: groups.map((g) => [
      g.key,
      String(g.n),
      ...ran.flatMap((s) => {
        const x = g.systems[s];
        return x ? [String(x.flagged), p10k(x.per10k), x.ci95Per10k ? `${p10k(x.ci95Per10k[0])}–${p10k(x.ci95Per10k[1])}` : '—'] : ['—', '—', '—'];
      }),
    ]),
  };
}

/** Recall and the two false-positive rates per system. */
function prevalenceRatesTable(p: PrevalenceFigures, ran: SystemId[]): Table {
  return {
    head: ['system', 'recall (adverts)', 'FPR ordinary posts', 'FPR all negatives'],
    rows: ran.filter((s) => p.systems[s]).map((s) => [SYSTEM_INFO[s].name, f3(p.systems[s]!.recall), f4(p.systems[s]!.fprOrdinary), f4(p.systems[s]!.fprNegatives)]),
  };
}

/** Expected precision per prevalence and system, with each FPR. */
function prevalenceTable(p: PrevalenceFigures, ran: SystemId[]): Table {
  const sys = ran.filter((s) => p.systems[s]);
  return {
    head: ['prevalence', ...sys.flatMap((s) => [`${SYSTEM_INFO[s].name} precision (FPR ordinary)`, 'precision (FPR all negatives)'])],
    rows: p.rows.map((r) => [`${prevalenceName(r.prevalence)} (${r.prevalence})`, ...sys.flatMap((s) => [f3(r.systems[s]?.ordinary), f3(r.systems[s]?.negatives)])]),
  };
}

function f4(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(4);
}

/** The headline lines about ordinary posts and expected precision (default pipeline). */
function ordinaryHeadline(m: BenchMetrics): string[] {
  const out: string[] = [];
  const o = m.ordinary;
  if (o) {
    const fx = (g: OrdinaryFlags['overall']): string => {
      const x = g.systems.fused;
      return x ? `${p10k(x.per10k)} (${x.flagged}/${g.n})` : '—';
    };
    out.push(`flags per 10k ordinary posts (fused): ${fx(o.overall)}${o.perStratum.length ? ` · ${o.perStratum.map((g) => `${termSafe(g.key)} ${fx(g)}`).join(' · ')}` : ''}`);
    out.push(`  by language: ${o.perLanguage.map((g) => `${termSafe(g.key)} ${fx(g)}`).join(' · ')}`);
    if (o.perSource) out.push(`  by source: ${o.perSource.map((g) => `${termSafe(g.key)} ${fx(g)}`).join(' · ')}`);
  } else {
    out.push('flags per 10k ordinary posts: — (no ordinary posts: no everyday kind, no open-world rows)');
  }
  const p = m.prevalence;
  if (p) {
    const f = p.systems.fused;
    const at = p.rows.map((r) => `${prevalenceName(r.prevalence)} ${f3(r.systems.fused?.ordinary)} (all negatives ${f3(r.systems.fused?.negatives)})`).join(' · ');
    out.push(`expected precision (fused, recall ${f3(f?.recall)}, FPR ordinary ${f4(f?.fprOrdinary)}, all negatives ${f4(f?.fprNegatives)}): ${at}`);
    if (p.note) out.push(`  ${termSafe(p.note)}`);
  }
  return out;
}

/**
 * The plain-text headline the CLI prints: the ablation table and the key figures.
 * @example process.stdout.write(renderHeadline(metrics))
 */
export function renderHeadline(m: BenchMetrics): string {
  const rows = m.systems.map(headlineCells);
  const head = [...HEADLINE_COLUMNS];
  const widths = head.map((h, i) => Math.max(width(h), ...rows.filter((r) => r.length > 2 || i === 0).map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells.length === 2 && cells[1]!.startsWith('skipped') ? `${padEnd(cells[0]!, widths[0]!)}  ${cells[1]}` : cells.map((c, i) => padEnd(c, widths[i]!)).join('  ').trimEnd();
  const fused = m.systems.find((s) => s.id === 'fused')?.metrics;
  const lid = m.languageId ? `language ID ${pct(m.languageId.accuracy)} of ${m.languageId.n}` : 'language ID: no language column';
  const c = fused?.confusion;
  return [
    `smugglescan bench · ${m.data.file ?? '(records)'} · ${summaryLine(m)}`,
    `threshold ${m.config.threshold} · ${modelLine(m)}`,
    '',
    line(head),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    c ? `fused at ${m.config.threshold}: TP ${c.tp} · FP ${c.fp} · TN ${c.tn} · FN ${c.fn}` : '',
    ...ordinaryHeadline(m),
    `${lid} · single post p50 ${ms(m.cost.latencyMs.p50)}, p99 ${ms(m.cost.latencyMs.p99)} · ${rate(m.cost.postsPerSec)} posts/s batched · peak RSS ${mb(m.cost.peakRssBytes)}${m.cost.modelLoadMs !== null ? ` · model load ${ms(m.cost.modelLoadMs)}` : ''}`,
    ...m.notes.map((n) => `note: ${termSafe(n)}`),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- Markdown

function md(s: string): string {
  // Control characters (C0, DEL, C1) as \xNN: they have no business in a report, and a terminal
  // showing the .md would obey them.
  return termSafe(s.replace(/\r?\n|\r/g, ' ')).replace(/([\\`*_[\]<>|#&])/g, '\\$1');
}
function mdTable(head: string[], rows: string[][]): string {
  const full = (r: string[]): string[] => [...r, ...Array<string>(Math.max(0, head.length - r.length)).fill('')];
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${full(r).join(' | ')} |`)].join('\n');
}

/** A table of data-derived cells (languages, kinds, sources): every cell escaped. */
function mdSafeTable(x: Table): string {
  return mdTable(x.head.map(md), x.rows.map((r) => r.map(md)));
}

function systemsRan(m: BenchMetrics): SystemId[] {
  return m.systems.filter((s) => s.metrics).map((s) => s.id);
}

/** Sections shared by the Markdown and HTML renderers, as plain tables of strings. */
interface Table {
  head: string[];
  rows: string[][];
}

function kindCell(row: NonNullable<BenchMetrics['perKind']>[number], s: SystemId): string {
  const v = row.systems[s];
  if (!v) return '—';
  const parts: string[] = [];
  if (row.positives) parts.push(`recall ${f3(v.recall)}`);
  if (row.n > row.positives) parts.push(`FPR ${f3(v.fpr)}`);
  return parts.join(' · ');
}

interface Tables {
  ablation: Table;
  confusion: Table;
  perLabel: Table | null;
  perLanguage: Table;
  perKind: Table | null;
  calibration: Table;
  languageId: Table | null;
  cost: Table;
  ordinaryStratum: Table | null;
  ordinaryLanguage: Table | null;
  ordinarySource: Table | null;
  prevalenceRates: Table | null;
  prevalence: Table | null;
}

function tables(m: BenchMetrics): Tables {
  const ran = systemsRan(m);
  const names = ran.map((s) => SYSTEM_INFO[s].name);
  const o = m.ordinary;
  return {
    ordinaryStratum: o ? flagsTable(m, 'stratum', [o.overall, ...o.perStratum]) : null,
    ordinaryLanguage: o ? flagsTable(m, m.perLanguage.source === 'gold' ? 'language' : 'detected language', o.perLanguage) : null,
    ordinarySource: o?.perSource ? flagsTable(m, 'source', o.perSource) : null,
    prevalenceRates: m.prevalence ? prevalenceRatesTable(m.prevalence, ran) : null,
    prevalence: m.prevalence ? prevalenceTable(m.prevalence, ran) : null,
    // A skipped system's row has two cells; the renderers span the second over the rest.
    ablation: { head: [...HEADLINE_COLUMNS], rows: m.systems.map(headlineCells) },
    confusion: {
      head: ['system', 'TP', 'FP', 'TN', 'FN', 'FPR', 'accuracy'],
      rows: m.systems.flatMap((s) => (s.metrics ? [[s.name, String(s.metrics.confusion.tp), String(s.metrics.confusion.fp), String(s.metrics.confusion.tn), String(s.metrics.confusion.fn), f3(s.metrics.fpr), f3(s.metrics.accuracy)]] : [])),
    },
    perLabel: m.perLabel
      ? {
          head: ['label', 'support', 'threshold', ...ran.filter((s) => m.perLabel!.some((l) => l.systems[s])).flatMap((s) => [`${SYSTEM_INFO[s].name} P`, 'R', 'F1', 'PR-AUC'])],
          rows: m.perLabel.map((l) => [
            l.label,
            String(l.support),
            String(l.threshold),
            ...ran.filter((s) => m.perLabel!.some((x) => x.systems[s])).flatMap((s) => [f3(l.systems[s]?.precision), f3(l.systems[s]?.recall), f3(l.systems[s]?.f1), f3(l.systems[s]?.prAuc)]),
          ]),
        }
      : null,
    perLanguage: {
      head: [m.perLanguage.source === 'gold' ? 'language' : 'detected language', 'posts', 'adverts', 'fused P', 'fused R', 'fused F1', 'fused FPR', ...names.slice(1).map((n) => `${n} F1`)],
      rows: m.perLanguage.rows.map((r) => [
        r.lang,
        String(r.n),
        String(r.positives),
        f3(r.systems.fused?.precision),
        f3(r.systems.fused?.recall),
        f3(r.systems.fused?.f1),
        f3(r.systems.fused?.fpr),
        ...ran.slice(1).map((s) => f3(r.systems[s]?.f1)),
      ]),
    },
    perKind: m.perKind
      ? {
          head: ['kind', 'posts', 'adverts', 'hard negative', ...names],
          rows: m.perKind.map((k) => [k.kind, String(k.n), String(k.positives), k.hardNegative ? 'yes' : '', ...ran.map((s) => kindCell(k, s))]),
        }
      : null,
    calibration: {
      head: ['bin', ...m.calibration.flatMap((c) => [`${SYSTEM_INFO[c.system].name} n`, 'mean score', 'adverts'])],
      rows: (m.calibration[0]?.bins ?? []).map((b, i) => [
        `${b.lo.toFixed(1)}–${b.hi.toFixed(1)}`,
        ...m.calibration.flatMap((c) => [String(c.bins[i]!.count), f3(c.bins[i]!.meanScore), f3(c.bins[i]!.fractionPositive)]),
      ]),
    },
    languageId: m.languageId
      ? {
          head: ['language', 'posts', 'identified', 'accuracy', 'mistaken for'],
          rows: m.languageId.perLanguage.map((l) => [l.lang, String(l.n), String(l.correct), pct(l.accuracy), l.confusedWith.map((c) => `${c.lang} ×${c.count}`).join(', ') || '—']),
        }
      : null,
    cost: {
      head: ['measure', 'value'],
      rows: [
        ['posts', String(m.cost.posts)],
        ['default pipeline, batched', `${rate(m.cost.postsPerSec)} posts/s`],
        ...m.systems.filter((s) => s.id !== 'fused' && s.postsPerSec !== null).map((s) => [`${s.name}, batched`, `${rate(s.postsPerSec)} posts/s`]),
        [`single-post latency p50 (n=${m.cost.latencyMs.n})`, ms(m.cost.latencyMs.p50)],
        ['single-post latency p99', ms(m.cost.latencyMs.p99)],
        ['single-post latency mean', ms(m.cost.latencyMs.mean)],
        ['peak RSS', mb(m.cost.peakRssBytes)],
        ['model load', m.cost.modelLoadMs === null ? '— (no model)' : ms(m.cost.modelLoadMs)],
      ],
    },
  };
}

const ORDINARY_DEFINITION =
  'negatives whose kind is everyday (chatter, classified, promotion) or missing, and every row of an open-world file. Strata come from the stratum column, else from the kind (promotion: promo; others: everyday).';
const PREVALENCE_TEXT =
  'If adverts are a share p of the posts, the share of flags that are adverts is recall·p / (recall·p + FPR·(1 − p)). Recall is measured on the adverts in this data; the FPR on ordinary posts, and (second column) on every negative, hard negatives included.';

const DEFINITIONS: [string, string][] = [
  ['precision / recall / F1', 'at the advert threshold: a post is flagged when its score is at or above it.'],
  ['PR-AUC', 'average precision: Σ (Rₙ − Rₙ₋₁)·Pₙ over the precision-recall curve (no interpolation).'],
  ['ROC-AUC', 'the chance that a random advert scores above a random non-advert (ties count ½).'],
  ['P@R≥0.9', 'the best precision among thresholds that catch at least 90% of adverts (@ that threshold).'],
  ['R@P≥0.95', 'the best recall among thresholds whose flags are at least 95% adverts; — when none is.'],
  ['best F1 @thr', 'the highest F1 over all thresholds, and the threshold that gives it.'],
  ['hard-neg FPR', 'false-positive rate on hard negatives: kinds other than advert and everyday (chatter, classified, promotion) (news, warnings, legal travel...).'],
  ['ordinary posts', 'negatives whose kind is everyday (chatter, classified, promotion), that have no kind, or that come from an open-world file (--open-world); hard negatives are not ordinary.'],
  ['flags per 10k', 'ordinary posts scoring at or above the advert threshold, per 10,000; the 95% interval is Wilson\'s.'],
  ['expected precision', 'at prevalence p (the share of posts that are adverts): recall·p / (recall·p + FPR·(1 − p)), recall on the data\'s adverts, FPR on ordinary posts or on every negative.'],
  ['ECE', 'expected calibration error over 10 equal-width score bins: Σ (bin posts / posts)·|fraction of adverts − mean score|.'],
  ['—', 'undefined (a zero denominator, e.g. recall where there are no adverts).'],
];

function errorMd(e: ErrorCase, k: number): string {
  const ev = e.evidence;
  const evid = ev.length
    ? ev.map((x) => `\`${md(x.rule)}\`${x.text ? ` «${md(x.text)}»` : ''} → ${x.label === 'context' ? `context:${x.context ?? ''}` : x.label} ${x.weight.toFixed(2)}`).join('; ')
    : 'no evidence';
  return [
    `${k}. **risk ${e.risk.toFixed(3)}** · line ${e.line}${e.id ? ` · id ${md(e.id)}` : ''} · lang ${e.lang ? md(e.lang) : '—'} (detected ${md(e.detectedLang)})${e.kind ? ` · kind ${md(e.kind)}` : ''}` +
      `${e.goldLabels ? ` · gold labels: ${e.goldLabels.join(', ') || 'none'}` : ''} · predicted: ${e.predictedLabels.join(', ') || 'none'}`,
    `   > ${md(e.text)}`,
    `   - evidence: ${evid}`,
  ].join('\n');
}

/**
 * The Markdown report.
 * @example await writeFile('report.md', renderMarkdown(metrics))
 */
export function renderMarkdown(m: BenchMetrics): string {
  const t = tables(m);
  const out: string[] = [];
  out.push(`# smugglescan bench report`, '');
  out.push(`- data: \`${md(m.data.file ?? '(records)')}\` (${m.data.format ?? '—'}): ${summaryLine(m)}`);
  out.push(`- advert threshold: ${m.config.threshold} (remove ${m.config.removeThreshold}) · ${modelLine(m)}`);
  out.push(`- ${m.generator} · ${m.createdAt}`, '');
  if (m.notes.length) out.push('## Notes', '', ...m.notes.map((n) => `- ${md(n)}`), '');
  out.push('## Advert detection: ablation', '', mdTable(t.ablation.head, t.ablation.rows), '');
  out.push(...m.systems.map((s) => `- **${s.name}**: ${md(s.description)}`), '');
  out.push('### Confusion matrices at the threshold', '', mdTable(t.confusion.head, t.confusion.rows), '');
  if (t.perLabel) out.push('## Per label', '', mdTable(t.perLabel.head, t.perLabel.rows), '');
  out.push(`## Per language (${m.perLanguage.source === 'gold' ? 'gold language column' : 'detected language: the data has no language column'})`, '', mdSafeTable(t.perLanguage), '');
  if (t.perKind) out.push('## Per kind', '', 'Recall on adverts, false-positive rate (FPR) on negatives, at the threshold.', '', mdSafeTable(t.perKind), '');
  // Group names (languages, sources, strata) come from the data: every cell is escaped.
  out.push('## Ordinary posts: flags per 10,000', '');
  if (t.ordinaryStratum && t.ordinaryLanguage && m.ordinary) {
    out.push(`${m.ordinary.n} ordinary posts: ${md(ORDINARY_DEFINITION)} Flagged: score at or above ${m.ordinary.threshold}.`, '');
    out.push('### Overall and per stratum', '', mdSafeTable(t.ordinaryStratum), '');
    out.push('### Per language', '', mdSafeTable(t.ordinaryLanguage), '');
    if (t.ordinarySource) out.push('### Per source', '', mdSafeTable(t.ordinarySource), '');
  } else out.push('None: the data has no ordinary posts (no everyday kind, no open-world rows).', '');
  if (t.prevalence && t.prevalenceRates && m.prevalence) {
    out.push('## Expected precision at a prevalence', '', md(PREVALENCE_TEXT), '');
    out.push(mdSafeTable(t.prevalenceRates), '', mdSafeTable(t.prevalence), '');
    if (m.prevalence.note) out.push(`Note: ${md(m.prevalence.note)}`, '');
  }
  out.push('## Calibration', '', m.calibration.map((c) => `- ${SYSTEM_INFO[c.system].name}: ECE ${f3(c.ece)}`).join('\n'), '', mdTable(t.calibration.head, t.calibration.rows), '');
  if (t.languageId && m.languageId) {
    out.push('## Language identification', '', `Accuracy ${pct(m.languageId.accuracy)} (${m.languageId.correct} of ${m.languageId.n}).`, '', mdSafeTable(t.languageId), '');
  }
  out.push('## Error analysis (default pipeline)', '');
  out.push(`### Worst false positives (${m.errors.falsePositives.length})`, '', m.errors.falsePositives.map((e, i) => errorMd(e, i + 1)).join('\n') || 'None.', '');
  out.push(`### Worst false negatives (${m.errors.falseNegatives.length})`, '', m.errors.falseNegatives.map((e, i) => errorMd(e, i + 1)).join('\n') || 'None.', '');
  out.push('## Cost', '', mdTable(t.cost.head, t.cost.rows), '');
  if (m.data.badRowSamples.length) {
    out.push('## Skipped rows', '', ...m.data.badRowSamples.map((b) => `- ${md(b.message)}`), m.data.badRows > m.data.badRowSamples.length ? `- ... and ${m.data.badRows - m.data.badRowSamples.length} more` : '', '');
  }
  out.push('## Definitions', '', ...DEFINITIONS.map(([k, v]) => `- **${md(k)}**: ${md(v)}`), '');
  return out.join('\n');
}

// ---------------------------------------------------------------- HTML

export { escapeHtml };
const h = escapeHtml;

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

function errorHtml(e: ErrorCase): string {
  const ev = e.evidence.length
    ? `<ul class="ev">${e.evidence
        .map((x) => `<li><code>${h(x.rule)}</code>${x.text ? ` <bdi class="span">${h(x.text)}</bdi>` : ''} → ${h(x.label === 'context' ? `context:${x.context ?? ''}` : x.label)} <span class="w">${x.weight.toFixed(2)}</span></li>`)
        .join('')}</ul>`
    : '<p class="muted">no evidence</p>';
  const meta = [
    `line ${e.line}`,
    e.id ? `id ${h(e.id)}` : '',
    `lang ${h(e.lang ?? '—')} (detected ${h(e.detectedLang)})`,
    e.kind ? `kind ${h(e.kind)}` : '',
    e.goldLabels ? `gold: ${h(e.goldLabels.join(', ') || 'none')}` : '',
    `predicted: ${h(e.predictedLabels.join(', ') || 'none')}`,
  ].filter(Boolean);
  return `<li><div class="case"><span class="risk">${e.risk.toFixed(3)}</span> <span class="muted">${meta.join(' · ')}</span>
<blockquote dir="auto"${e.lang ? ` lang="${h(e.lang)}"` : ''}>${h(e.text)}</blockquote>${ev}</div></li>`;
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

/** Paths of the files {@link writeReport} wrote. */
export interface ReportFiles {
  json: string;
  markdown: string;
  html: string;
}

/**
 * Writes `metrics.json`, `report.md` and `report.html` into `outDir` (created if needed).
 * @example const files = await writeReport(metrics, 'bench-out'); files.html // 'bench-out/report.html'
 */
export async function writeReport(m: BenchMetrics, outDir: string): Promise<ReportFiles> {
  await mkdir(outDir, { recursive: true });
  const files: ReportFiles = { json: join(outDir, 'metrics.json'), markdown: join(outDir, 'report.md'), html: join(outDir, 'report.html') };
  const charts = await renderCharts(m);
  await writeFile(files.json, JSON.stringify(m, null, 2) + '\n');
  await writeFile(files.markdown, renderMarkdown(m));
  await writeFile(files.html, renderHtml(m, charts));
  return files;
}
