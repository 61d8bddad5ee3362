/**
 * The plain-text headline the CLI prints: the ablation table, the confusion counts, the ordinary
 * posts and the expected precision, language ID and cost.
 * @module
 */
import type { BenchMetrics, OrdinaryFlags } from '../schema.js';
import { f3, f4, mb, modelLine, ms, p10k, padEnd, pct, prevalenceName, rate, summaryLine, termSafe, width } from './format.js';
import { HEADLINE_COLUMNS, headlineCells } from './tables.js';

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
