/**
 * Number and text formatting shared by the headline, the Markdown and the HTML report: `—` for
 * every null, and control characters from the data made visible.
 * @module
 */
import type { BenchMetrics } from '../schema.js';

/** `0.912`, or `—` for null/undefined. */
export function f3(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(3);
}
/** `0.0128`, or `—`. */
export function f4(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(4);
}
/** `91.2%`, or `—`. */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
}
/** `0.71 ms` below 10 ms, `10.4 ms` above, or `—`. */
export function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`;
}
/** Posts per second: `1,234` from 100 up, `12.3` below, or `—`. */
export function rate(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
}
/** Bytes as whole megabytes: `216 MB`. */
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
/** An operating point as `0.912 @0.50` (its precision or recall, at its threshold), or `—`. */
export const op = (p: { threshold: number; precision: number; recall: number } | null, which: 'precision' | 'recall'): string =>
  p ? `${p[which].toFixed(3)} @${p.threshold.toFixed(2)}` : '—';

/** `12.3`: flags per 10,000 posts, or `—`. */
export function p10k(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(1);
}

/** `1 in 1,000` for 0.001; the number itself when it is not 1 in a round count. */
export function prevalenceName(p: number): string {
  const inv = 1 / p;
  return Math.abs(inv - Math.round(inv)) < 1e-6 * inv ? `1 in ${Math.round(inv).toLocaleString('en-US')}` : String(p);
}

/** Control characters from the data (a source or language name) shown as `\xNN` on a terminal. */
export const termSafe = (s: string): string => s.replace(/\p{Cc}/gu, (c) => `\\x${c.codePointAt(0)!.toString(16).padStart(2, '0')}`);

/** Characters, not UTF-16 units: the width of a cell on a terminal. */
export const width = (s: string): number => [...s].length;
export const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));

/** A Markdown-safe cell: one line, control characters as `\xNN`, Markdown syntax escaped. */
export function md(s: string): string {
  // Control characters (C0, DEL, C1) as \xNN: they have no business in a report, and a terminal
  // showing the .md would obey them.
  return termSafe(s.replace(/\r?\n|\r/g, ' ')).replace(/([\\`*_[\]<>|#&])/g, '\\$1');
}

/** `6315 posts (3000 adverts, 3315 not) · 2 bad rows skipped`. */
export function summaryLine(m: BenchMetrics): string {
  const d = m.data;
  const bad = d.badRows ? ` · ${d.badRows} bad row${d.badRows === 1 ? '' : 's'} skipped` : '';
  return `${d.used} posts (${d.positives} adverts, ${d.negatives} not)${bad}`;
}

/** The model's id, version and hash, or `no model: rules only`. */
export function modelLine(m: BenchMetrics): string {
  return m.config.model ? `model ${m.config.model.id} ${m.config.model.version} (sha256 ${m.config.model.sha256.slice(0, 12)})` : 'no model: rules only';
}
