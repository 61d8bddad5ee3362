import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it, vi } from 'vitest';
import { SmuggleScanError } from '../../src/errors.js';
import { createScanner } from '../../src/index.js';
import { classifyStream, createClassifyTransform, isErrorRecord, type BatchClassifier, type SettledResult } from '../../src/adapters/index.js';
import { manyPosts } from '../fixtures/helpers.js';

// Generous limits for a loaded 2-core CI machine; the tests themselves take a few seconds.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const scanner = createScanner({ model: false });

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function* slowly<T>(items: T[], everyMs = 0): AsyncGenerator<T> {
  for (const x of items) {
    if (everyMs) await new Promise((r) => setTimeout(r, everyMs));
    yield x;
  }
}

/** A fake classifier: records batch sizes and concurrency, finishes batches out of order. */
function fakeClassifier(opts: { delay?: (batchNo: number) => number } = {}) {
  const calls: number[] = [];
  let active = 0;
  let maxActive = 0;
  const classifier: BatchClassifier = {
    async classifyBatchSettled(inputs) {
      const n = calls.push(inputs.length);
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, opts.delay?.(n) ?? 1));
      active--;
      return scanner.classifyBatchSettled(inputs);
    },
    ready: async () => null,
  };
  return { classifier, calls, maxActive: () => maxActive };
}

describe('classifyStream', () => {
  it('yields one result per post, in input order, equal to classifyBatch', async () => {
    const posts = manyPosts(133);
    const expected = await scanner.classifyBatch(posts);
    const got = await collect(classifyStream(slowly(posts), { scanner, batchSize: 10 }));
    expect(got).toEqual(expected);
    // strings and arrays work too
    const texts = posts.slice(0, 7).map((p) => p.text);
    expect(await collect(classifyStream(texts, { scanner }))).toEqual(await scanner.classifyBatch(texts));
  });

  it('keeps input order when batches finish out of order', async () => {
    const posts = manyPosts(60);
    // Early batches are the slowest.
    const fake = fakeClassifier({ delay: (n) => Math.max(1, 40 - n * 8) });
    const got = await collect(classifyStream(posts, { scanner: fake.classifier, batchSize: 8, concurrency: 4 }));
    expect(got.map((r) => r.id)).toEqual(posts.map((p) => p.id));
    expect(fake.maxActive()).toBeLessThanOrEqual(4);
    expect(fake.maxActive()).toBeGreaterThan(1);
    expect(Math.max(...fake.calls)).toBeLessThanOrEqual(8);
  });

  it('yields an error record in place of each bad record and goes on', async () => {
    const source = ['ok one', null, 42, { id: 'a', text: 5 }, { id: 'b' }, { id: 'c', text: 'boat to uk 3 places' }, []];
    const got = await collect(classifyStream(source, { scanner, batchSize: 3 }));
    expect(got).toHaveLength(source.length);
    expect(got.map((r) => (isErrorRecord(r) ? `${r.id}:${r.error.code}` : `${r.id}:ok`))).toEqual([
      'null:ok',
      'null:INVALID_INPUT',
      'null:INVALID_INPUT',
      'a:INVALID_INPUT',
      'b:INVALID_INPUT',
      'c:ok',
      'null:INVALID_INPUT',
    ]);
    // Messages name the record's place in the stream, not in its micro-batch.
    expect((got[4] as { error: { message: string } }).error.message).toMatch(/^record 4: /);
    expect((got[6] as { error: { message: string } }).error.message).toMatch(/^record 6: expected a string or an object with a string "text", got an array/);
  });

  it('turns a batch that fails with a typed error into error records, and rethrows untyped errors', async () => {
    let n = 0;
    const flaky: BatchClassifier = {
      async classifyBatchSettled(inputs) {
        if (++n === 2) throw new SmuggleScanError('MODEL_RUNTIME', 'onnx said no');
        return scanner.classifyBatchSettled(inputs);
      },
      ready: async () => null,
    };
    const got = await collect(classifyStream(manyPosts(9), { scanner: flaky, batchSize: 3, concurrency: 1 }));
    expect(got.map((r) => (isErrorRecord(r) ? r.error.code : 'ok'))).toEqual(['ok', 'ok', 'ok', 'MODEL_RUNTIME', 'MODEL_RUNTIME', 'MODEL_RUNTIME', 'ok', 'ok', 'ok']);
    expect(got[4]!.id).toBe('p4');

    const broken: BatchClassifier = { classifyBatchSettled: async () => Promise.reject(new TypeError('bug')), ready: async () => null };
    await expect(collect(classifyStream(manyPosts(3), { scanner: broken }))).rejects.toThrow('bug');
  });

  it('reads the source only as fast as results are consumed (bounded memory)', async () => {
    let pulled = 0;
    let finalised = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) {
          pulled++;
          yield { id: String(i), text: 'boat to uk' };
        }
      } finally {
        finalised = true;
      }
    }
    const batchSize = 16;
    const concurrency = 2;
    const it = classifyStream(endless(), { scanner, batchSize, concurrency, maxWaitMs: 5 });
    for (let i = 0; i < 5; i++) await it.next();
    // The consumer pauses: in-flight batches finish, but reading stops.
    await new Promise((r) => setTimeout(r, 150));
    const bound = (concurrency + 1) * batchSize + 1;
    expect(pulled).toBeLessThanOrEqual(bound);
    const before = pulled;
    await new Promise((r) => setTimeout(r, 100));
    expect(pulled).toBe(before);
    await it.return(undefined);
    expect(finalised).toBe(true);
  });

  it('sends a partial batch after maxWaitMs, without waiting for the source to end', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    async function* trickle() {
      yield 'boat to uk, 3 places';
      yield 'hello';
      await hold; // a live feed that goes quiet
      yield 'later';
    }
    const it = classifyStream(trickle(), { scanner, batchSize: 64, maxWaitMs: 20 });
    const t0 = Date.now();
    const first = await it.next();
    const second = await it.next();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(first.done).toBe(false);
    expect((second.value as SettledResult & { decision: string }).decision).toBe('allow');
    release();
    const third = await it.next();
    expect(third.value).toEqual(await scanner.classify('later'));
    expect((await it.next()).done).toBe(true);
  });

  it('reads a Node Readable in object mode and stops on abort', async () => {
    const posts = manyPosts(20);
    const got = await collect(classifyStream(Readable.from(posts), { scanner, batchSize: 6 }));
    expect(got.map((r) => r.id)).toEqual(posts.map((p) => p.id));

    const ac = new AbortController();
    async function* forever() {
      for (;;) {
        await new Promise((r) => setTimeout(r, 5));
        yield 'post';
      }
    }
    const seen: SettledResult[] = [];
    const run = (async () => {
      for await (const r of classifyStream(forever(), { scanner, signal: ac.signal, maxWaitMs: 5 })) {
        seen.push(r);
        if (seen.length === 3) ac.abort(new Error('enough'));
      }
    })();
    await expect(run).rejects.toThrow('enough');
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects bad options and sources with typed errors', async () => {
    expect(() => classifyStream([], { batchSize: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    // Every problem is listed, with its path.
    expect(() => classifyStream([], { concurrency: 1.5, maxWaitMs: -1 })).toThrow(expect.objectContaining({ issues: expect.arrayContaining([expect.objectContaining({ path: ['concurrency'] }), expect.objectContaining({ path: ['maxWaitMs'] })]) }));
    expect(() => classifyStream('a string' as never, { scanner })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => createClassifyTransform({ batchSize: 99_999 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
});

describe('createClassifyTransform', () => {
  it('works in stream.pipeline, in order, with error records in place', async () => {
    const posts: unknown[] = manyPosts(70);
    posts.splice(10, 0, { id: 'bad', text: 1 });
    const out: SettledResult[] = [];
    await pipeline(
      Readable.from(posts),
      createClassifyTransform({ scanner, batchSize: 16 }),
      new Writable({
        objectMode: true,
        write(r: SettledResult, _e, cb) {
          out.push(r);
          cb();
        },
      }),
    );
    expect(out).toHaveLength(71);
    expect(out[10]).toMatchObject({ id: 'bad', error: { code: 'INVALID_INPUT' } });
    expect((out[10] as { error: { message: string } }).error.message).toMatch(/^record 10: /);
    const good = out.filter((r) => !isErrorRecord(r));
    expect(good).toEqual(await scanner.classifyBatch(manyPosts(70)));
  });

  it('holds writes while its batches are in flight (back-pressure)', async () => {
    const fake = fakeClassifier({ delay: () => 10 });
    const t = createClassifyTransform({ scanner: fake.classifier, batchSize: 4, concurrency: 1 });
    let accepted = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 200; i++) {
          accepted++;
          yield `post ${i}`;
        }
      })(),
    );
    source.pipe(t);
    await new Promise((r) => setTimeout(r, 60));
    // Nobody reads the results: only a few batches' worth has been taken from the source.
    expect(accepted).toBeLessThan(60);
    const rest: SettledResult[] = [];
    for await (const r of t) rest.push(r as SettledResult);
    expect(rest).toHaveLength(200);
    expect(fake.maxActive()).toBe(1);
  });

  it('sends a partial batch after maxWaitMs while the writer is idle', async () => {
    const t = createClassifyTransform({ scanner, batchSize: 64, maxWaitMs: 10 });
    const first = new Promise<SettledResult>((resolve) => t.once('data', resolve));
    t.write({ id: 'x', text: 'boat to uk' });
    const r = await first;
    expect(r.id).toBe('x');
    t.end();
    t.resume();
    await new Promise((r) => t.once('end', r));
  });
});
