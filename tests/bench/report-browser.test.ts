import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartSpecs, runBench } from '../../src/bench/index.js';

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';

interface CheckResult {
  file: string;
  ok: boolean;
  charts: { id: string; width: number; height: number }[];
  problems: string[];
  screenshot: string;
}

describe('report.html in a real browser (scripts/check-report.mjs)', () => {
  it('a generated report renders offline in chromium; a broken one fails the check', async () => {
    // Not skipped: this machine and CI have chromium. Fail with the fix when it is missing.
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No chromium at ${CHROMIUM}: the report check needs it. Install it with: apt-get install -y chromium`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'ss-bench-browser-'));
    const { files, metrics } = await runBench({
      data: join(ROOT, 'tests', 'fixtures', 'bench', 'labelled.jsonl'),
      model: false,
      out: join(dir, 'good'),
      limit: 40,
      latencySample: 10,
    });
    // A report the check must reject: a chart of size 0, a missing chart, an external request.
    mkdirSync(join(dir, 'bad'));
    const bad = join(dir, 'bad', 'report.html');
    writeFileSync(
      bad,
      '<!doctype html><html><head><meta charset="utf-8"></head><body>' +
        '<figure class="chart" data-chart="pr"><svg width="0" height="0"></svg></figure>' +
        '<img src="https://example.invalid/x.png"></body></html>',
    );
    // One chromium launch checks both (screenshots go beside each report).
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-report.mjs'), files!.html, bad], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    const [good, broken] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as CheckResult);

    expect(good!.problems).toEqual([]);
    expect(good!.ok).toBe(true);
    expect(good!.charts.map((c) => c.id).sort()).toEqual(['confusion', 'language-f1', 'pr', 'reliability']);
    // Each chart is drawn at least at its plot size (axes, legend and title come on top).
    const plot = new Map<string, { width: number; height: number }>(chartSpecs(metrics).map((c) => [c.id, c.spec as { width: number; height: number }]));
    for (const c of good!.charts) {
      expect(c.width).toBeGreaterThanOrEqual(plot.get(c.id)!.width);
      expect(c.height).toBeGreaterThanOrEqual(plot.get(c.id)!.height);
    }
    const png = join(dir, 'good', 'report.png');
    expect(good!.screenshot).toBe(png);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(10_000);

    expect(broken!.ok).toBe(false);
    expect(broken!.problems.join('\n')).toMatch(/chart "pr" has size 0×0/);
    expect(broken!.problems.join('\n')).toMatch(/chart "reliability" is missing/);
    expect(broken!.problems.join('\n')).toMatch(/request to https:\/\/example\.invalid/);
    expect(r.stderr).not.toMatch(new RegExp(files!.html.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
});
