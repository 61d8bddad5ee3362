/**
 * `smugglescan classify --workers`: the worker pool gives the in-process results, in order, and a
 * bad count is a usage error. Runs the built CLI (npm test builds it first).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, manyPosts, requireDist } from '../fixtures/helpers.js';

const CLI = join(ROOT, 'dist', 'cli.js');
const run = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 120_000 });

describe('classify --workers', () => {
  it('a pool of two workers writes the in-process results, in input order', async () => {
    requireDist();
    const posts = manyPosts(90).map((p, i) => (i === 7 ? { ...p, text: 17 } : p));
    const input = posts.map((p) => JSON.stringify(p)).join('\n') + '\n';
    const one = run(['classify', '--workers', '1', '--quiet'], input);
    const two = run(['classify', '--workers', '2', '--quiet'], input);
    expect(one.status).toBe(2); // the record with a number as text is an error line
    expect(two.status).toBe(2);
    const a = one.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; risk?: number; decision?: string; error?: unknown });
    const b = two.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; risk?: number; decision?: string; error?: unknown });
    expect(b.map((r) => r.id)).toEqual(posts.map((p) => p.id));
    expect(b.map((r) => r.decision)).toEqual(a.map((r) => r.decision));
    expect(b[7]).toEqual({ id: 'p7', line: 8, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^line 8: field "text" must be a string \(got number\)/) } });
    expect(a[7]).toEqual(b[7]);
    // Batches are cut differently across workers; the int8 model's scores may move in the 4th decimal.
    b.forEach((r, i) => r.risk !== undefined && expect(r.risk).toBeCloseTo(a[i]!.risk!, 2));
    // And both are the library's results (the same build, with the model), to that precision.
    const lib = (await import(join(ROOT, 'dist', 'index.js'))) as typeof import('../../src/index.js');
    const expected = await lib.createScanner().classifyBatchSettled(posts);
    expect(b.map((r) => r.decision)).toEqual(expected.map((r) => ('decision' in r ? r.decision : undefined)));
    b.forEach((r, i) => r.risk !== undefined && expect(r.risk).toBeCloseTo((expected[i] as { risk: number }).risk, 2));
  }, 150_000);

  it('refuses a count that is not auto or 1 to 64', () => {
    requireDist();
    for (const bad of ['0', 'two', '65']) {
      const r = run(['classify', '--workers', bad], '');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/--workers must be auto or an integer from 1 to 64/);
    }
  });
});
