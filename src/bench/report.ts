/**
 * The bench outputs: `metrics.json` (see `schema.ts`), `report.md`, and a self-contained
 * `report.html` (inline CSS and SVG charts, no script, no external font or image, UTF-8), plus the
 * headline table the CLI prints. Everything shown is read from {@link BenchMetrics}; nothing is
 * computed here but formatting.
 *
 * The renderers live in `report/`: `format` (numbers and escaping), `tables` (every table as
 * strings), `headline` (the CLI's text), `markdown`, `html`, `errors` (the error cases) and
 * `glossary` (the fixed prose and definitions). This file writes the three files.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderCharts } from './charts.js';
import { renderHtml } from './report/html.js';
import { renderMarkdown } from './report/markdown.js';
import type { BenchMetrics } from './schema.js';

export { escapeHtml } from '../html.js';
export { renderHeadline } from './report/headline.js';
export { renderHtml } from './report/html.js';
export { renderMarkdown } from './report/markdown.js';
export { HEADLINE_COLUMNS } from './report/tables.js';

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
