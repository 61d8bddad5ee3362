import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartSpecs, renderCharts } from '../../src/bench/charts.js';
import { escapeHtml, renderHeadline, renderHtml, renderMarkdown, writeReport } from '../../src/bench/report.js';
import { BenchMetricsSchema } from '../../src/bench/schema.js';
import { summarize } from '../../src/bench/summarize.js';
import { ev, meta } from './six-posts.js';

const m = summarize(ev, meta);

describe('headline', () => {
  it('prints the ablation table with skipped systems and undefined values marked', () => {
    const h = renderHeadline(m);
    expect(h).toMatch(/^smugglescan bench · six\.jsonl · 6 posts \(3 adverts, 3 not\) · 1 bad row skipped/);
    expect(h).toMatch(/system\s+precision\s+recall\s+F1\s+PR-AUC\s+ROC-AUC/);
    expect(h).toMatch(/fused \(default\)\s+0\.500\s+0\.667\s+0\.571/);
    expect(h).toMatch(/model only\s+skipped: no model/);
    expect(h).toContain('TP 2 · FP 2 · TN 1 · FN 1');
    expect(h).toContain('language ID 83.3% of 6');
  });
});

describe('report.md', () => {
  const md = renderMarkdown(m);
  it('has every section', () => {
    for (const s of ['## Advert detection: ablation', '## Per label', '## Per language', '## Per kind', '## Calibration', '## Language identification', '### Worst false positives (2)', '### Worst false negatives (1)', '## Cost', '## Skipped rows', '## Definitions']) {
      expect(md).toContain(s);
    }
  });
  it('escapes Markdown and keeps non-Latin text', () => {
    expect(md).toContain('\\<script\\>alert(1)\\</script\\> Police \\| \\*arrest\\* smugglers');
    expect(md).toContain('تحذير: لا تثقوا بالمهربين');
    // Table rows keep their column count when a system is skipped.
    const row = md.split('\n').find((l) => l.startsWith('| model only'))!;
    expect(row.split(' | ')).toHaveLength(12);
  });
});

describe('report.html', () => {
  it('is self-contained, UTF-8, escaped, with one figure per chart', async () => {
    const charts = await renderCharts(m);
    const html = renderHtml(m, charts);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|\ssrc=|@import|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('تحذير: لا تثقوا بالمهربين');
    for (const id of ['pr', 'reliability', 'language-f1', 'confusion']) {
      expect(html).toMatch(new RegExp(`<figure class="chart" id="chart-${id}" data-chart="${id}"><svg [^>]*width="\\d+" height="\\d+"`));
    }
    // The skipped system's cell spans the rest of the table.
    expect(html).toMatch(/<th scope="row">model only<\/th><td colspan="11">skipped: no model<\/td>/);
  });

  it('charts carry the data: confusion counts and per-language bars', async () => {
    const specs = chartSpecs(m);
    expect(specs.map((c) => c.id)).toEqual(['pr', 'reliability', 'language-f1', 'confusion']);
    const confusion = (specs[3]!.spec as { data: { values: { count: number }[] } }).data.values.map((v) => v.count);
    expect(confusion).toEqual([2, 1, 2, 1]); // TP, FN, FP, TN
    const [svg] = await Promise.all([renderCharts(m).then((c) => c[3]!.svg)]);
    expect(svg).toMatch(/<svg[^>]+class="marks"/);
    expect(svg).toContain('>2<'); // the counts are drawn as text
  });

  it('escapeHtml escapes the five characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('writeReport', () => {
  it('writes metrics.json (valid against the schema), report.md and report.html', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ss-report-')), 'nested', 'out');
    const files = await writeReport(m, dir);
    expect(files).toEqual({ json: join(dir, 'metrics.json'), markdown: join(dir, 'report.md'), html: join(dir, 'report.html') });
    const json = readFileSync(files.json, 'utf8');
    expect(json).toBe(JSON.stringify(m, null, 2) + '\n');
    expect(BenchMetricsSchema.parse(JSON.parse(json))).toEqual(m);
    // The files are exactly what the renderers return.
    expect(readFileSync(files.markdown, 'utf8')).toBe(renderMarkdown(m));
    expect(readFileSync(files.html, 'utf8')).toBe(renderHtml(m, await renderCharts(m)));
  });
});
