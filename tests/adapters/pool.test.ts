import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtinRules, createScanner } from '../../src/index.js';
import { classifyStream, createPool, createServer, type Pool } from '../../src/adapters/index.js';
import { DEV_POOL_WORKER, DIST, manyPosts, requireDist } from '../fixtures/helpers.js';

// Generous limits for a loaded 2-core CI machine; the tests themselves take a few seconds.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const scanner = createScanner({ model: false });

describe('createPool (from the TypeScript sources)', () => {
  let pool: Pool;
  beforeAll(async () => {
    pool = createPool({ workers: 2, scannerOptions: { model: false }, workerFile: DEV_POOL_WORKER });
    expect(await pool.ready()).toBeNull();
  }, 30_000);
  afterAll(() => pool?.close());

  it('gives exactly the in-process results, in order', async () => {
    const posts = manyPosts(300);
    expect(await pool.classifyBatch(posts)).toEqual(await scanner.classifyBatch(posts));
    expect(await pool.classify(posts[0]!)).toEqual(await scanner.classify(posts[0]!));
    expect(await pool.classify('plain string post')).toEqual(await scanner.classify('plain string post'));
    expect(await pool.classifyBatch([])).toEqual([]);
    expect(pool.workers).toBe(2);
  });

  it('reports bad records as the scanner does, with their index in the whole batch', async () => {
    const inputs: unknown[] = [...manyPosts(130)];
    inputs[3] = 42;
    inputs[129] = { id: 'x', text: null };
    expect(await pool.classifyBatchSettled(inputs)).toEqual(await scanner.classifyBatchSettled(inputs));
    const settled = await pool.classifyBatchSettled(inputs);
    expect(settled[129]).toEqual({ id: 'x', error: { code: 'INVALID_INPUT', message: 'inputs[129]: "text" must be a string, got null.' } });
    await expect(pool.classifyBatch(inputs as never)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^inputs\[3\]: /) });
    await expect(pool.classify(7 as never)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^input: /) });
    await expect(pool.classifyBatch('nope' as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps the main thread responsive while the workers classify', async () => {
    const posts = manyPosts(1500);
    let ticks = 0;
    let last = performance.now();
    let worstGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const t0 = performance.now();
    await pool.classifyBatch(posts);
    const took = performance.now() - t0;
    clearInterval(timer);
    // In-process, this batch would block the event loop for its whole duration (no ticks at all).
    expect(took).toBeGreaterThan(200);
    expect(ticks).toBeGreaterThan(took / 5 / 10);
    expect(worstGap).toBeLessThan(took / 2);
  });

  it('drives classifyStream and the sidecar (same results as in-process)', async () => {
    const posts = manyPosts(90);
    const streamed = [];
    for await (const r of classifyStream(posts, { scanner: pool, batchSize: 16, concurrency: pool.workers })) streamed.push(r);
    expect(streamed).toEqual(await scanner.classifyBatch(posts));

    const server = createServer({ scanner: pool });
    const url = await server.listen({ port: 0 });
    try {
      const res = await fetch(`${url}/v1/classify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ posts }) });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { results: unknown[] }).results).toEqual(await scanner.classifyBatch(posts));
    } finally {
      await server.close();
    }
  });

  it('refuses options that cannot cross threads, and use after close', async () => {
    expect(() => createPool({ workers: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => createPool({ scannerOptions: { rules: builtinRules() as never } })).toThrow(/RuleSet cannot be sent/);
    const scorer = { info: { id: 'fake', version: '1', sha256: 'x' }, score: async () => [] };
    expect(() => createPool({ scannerOptions: { model: scorer as never } })).toThrow(/ModelScorer object cannot be sent/);
    expect(() => createPool({ scannerOptions: { thresholds: { review: 2 } } })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => createPool({ scannerOptions: { rules: [() => 1] } })).toThrow(/plain data/);
    // From the sources there is no built worker beside the module: the error says to build or pass workerFile.
    expect(() => createPool({ workers: 1, scannerOptions: { model: false } })).toThrow(expect.objectContaining({ code: 'UNAVAILABLE', message: expect.stringMatching(/npm run build.*workerFile/) }));
    const p = createPool({ workers: 1, scannerOptions: { model: false }, workerFile: DEV_POOL_WORKER });
    await p.close();
    await expect(p.classify('x')).rejects.toMatchObject({ code: 'CLOSED' });
  });
});

describe('createPool (from the built dist)', () => {
  it('finds dist/pool-worker.js from the ESM and the CommonJS builds; workers compile rule packs given as data', async () => {
    requireDist();
    const posts = manyPosts(40);
    const esm = (await import(`${DIST}adapters.js`)) as typeof import('../../src/adapters/index.js');
    const cjs = createRequire(import.meta.url)(`${DIST}adapters.cjs`) as typeof import('../../src/adapters/index.js');
    const core = createRequire(import.meta.url)(`${DIST}index.cjs`) as typeof import('../../src/index.js');

    const plain = cjs.createPool({ workers: 1, scannerOptions: { model: false } });
    const extra = { lang: 'eng', rules: [{ id: 'test_zebra_crossing', label: 'crossing_offer', weight: 0.9, terms: ['zebra crossing deal'] }] };
    const custom = esm.createPool({ workers: 1, scannerOptions: { model: false, rules: [extra] } });
    try {
      // Compared with the same build in-process, so a dist older than src/ does not matter here.
      expect(await plain.classifyBatch(posts)).toEqual(await core.createScanner({ model: false }).classifyBatch(posts));
      const text = 'zebra crossing deal this week, inbox';
      const r = await custom.classify(text);
      expect(r.evidence.some((e) => e.rule.endsWith('test_zebra_crossing'))).toBe(true);
    } finally {
      await Promise.all([plain.close(), custom.close()]);
    }
  }, 30_000);
});
