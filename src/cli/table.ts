/**
 * The human-readable table of the main job (`npm start`, `classify --table`).
 * @module
 */
import type { ClassificationResult } from '../types.js';

function cut(s: string, n: number): string {
  const chars = [...s.replace(/\s+/g, ' ')];
  return chars.length <= n ? chars.join('') : chars.slice(0, n - 1).join('') + '…';
}

function pad(s: string, n: number): string {
  const len = [...s].length;
  return len >= n ? s : s + ' '.repeat(n - len);
}

/** Control characters (C0, DEL, C1) as `\xNN`, so that an id or a post cannot drive the terminal. */
const termSafe = (s: string): string => s.replace(/\p{Cc}/gu, (c) => `\\x${c.codePointAt(0)!.toString(16).padStart(2, '0')}`);

/**
 * Renders results as a table: decision, risk, language, labels at or above 0.5, and evidence.
 * @example process.stdout.write(renderTable(results, true))
 */
export function renderTable(results: ClassificationResult[], withModel: boolean): string {
  const rows = results.map((r) => {
    const labels = Object.entries(r.labels)
      .filter(([, v]) => v >= 0.5)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ');
    const ev = r.evidence
      .filter((e) => e.text)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 3)
      .map((e) => `«${cut(e.text, 24)}»${e.label === 'context' ? `(${e.context})` : ''}`)
      .join(' ');
    return [r.id === null ? '-' : termSafe(r.id), r.decision.toUpperCase(), r.risk.toFixed(2), termSafe(r.language.code), labels || '-', termSafe(ev) || '-'];
  });
  const head = ['id', 'decision', 'risk', 'lang', 'labels ≥ 0.5', 'evidence'];
  const widths = [10, 8, 5, 4, 44, 60];
  const line = (cells: string[]): string => cells.map((c, i) => pad(cut(c, widths[i]!), widths[i]!)).join('  ').trimEnd();
  const counts = { allow: 0, review: 0, remove: 0 };
  for (const r of results) counts[r.decision]++;
  return [
    line(head),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    `${results.length} posts: ${counts.remove} remove, ${counts.review} review, ${counts.allow} allow · ${withModel ? 'rules + model' : 'rules only'} · ${results[0]?.version ?? ''}`,
    '',
  ].join('\n');
}
