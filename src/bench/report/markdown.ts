/**
 * The Markdown report, `report.md`: every table of `tables.ts`, the error analysis and the
 * definitions. Every cell that comes from the data is escaped.
 * @module
 */
import { SYSTEM_INFO } from '../evaluate.js';
import type { BenchMetrics } from '../schema.js';
import { errorMd } from './errors.js';
import { f3, md, modelLine, pct, summaryLine } from './format.js';
import { DEFINITIONS, ORDINARY_DEFINITION, PREVALENCE_TEXT } from './glossary.js';
import { tables, type Table } from './tables.js';

function mdTable(head: string[], rows: string[][]): string {
  const full = (r: string[]): string[] => [...r, ...Array<string>(Math.max(0, head.length - r.length)).fill('')];
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${full(r).join(' | ')} |`)].join('\n');
}

/** A table of data-derived cells (languages, kinds, sources): every cell escaped. */
function mdSafeTable(x: Table): string {
  return mdTable(x.head.map(md), x.rows.map((r) => r.map(md)));
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
