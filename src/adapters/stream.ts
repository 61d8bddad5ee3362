/**
 * Streaming classification: posts in, results out **in input order**, in micro-batches, with
 * bounded memory and back-pressure. Two forms over one set of options:
 *
 * - {@link classifyStream}: an async generator over any (async) iterable or object-mode Readable;
 * - {@link createClassifyTransform}: an object-mode `Transform` for `stream.pipeline`.
 *
 * A batch is sent when it holds `batchSize` posts, or `maxWaitMs` after its first post arrived,
 * whichever comes first; at most `concurrency` batches are in flight. The source is read only while
 * there is room, so memory stays within `(concurrency + 1) × batchSize` posts and their results.
 * A bad record yields an error record `{id, error: {code, message}}` in its place; the stream goes on.
 * @module
 */
import { Transform, type TransformCallback } from 'node:stream';
import { z } from 'zod';
import { SmuggleScanError } from '../errors.js';
import { createScanner, type ScannerOptions } from '../scanner.js';
import { parseOptions, settleAll, type BatchClassifier, type SettledResult } from './common.js';

/** Options of {@link classifyStream} and {@link createClassifyTransform}. */
export interface StreamOptions {
  /** Who classifies: a Scanner, a Pool (every core), or any {@link BatchClassifier}. Default: `createScanner(scannerOptions)`. */
  scanner?: BatchClassifier;
  /** Options for the scanner made when `scanner` is not given. */
  scannerOptions?: ScannerOptions;
  /** Posts per micro-batch (default 64). */
  batchSize?: number;
  /** A batch that is not full is sent this long after its first post arrived (default 20 ms). */
  maxWaitMs?: number;
  /** Batches in flight at once (default 2; use the pool's worker count with a Pool). */
  concurrency?: number;
  /** Aborting ends the generator with the signal's reason (the generator form only). */
  signal?: AbortSignal;
}

const StreamOptionsSchema = z
  .object({
    scanner: z.custom<BatchClassifier>((v) => typeof v === 'object' && v !== null && typeof (v as BatchClassifier).classifyBatchSettled === 'function', 'a Scanner, a Pool or an object with classifyBatchSettled()').optional(),
    scannerOptions: z.record(z.string(), z.unknown()).optional(),
    batchSize: z.number().int().min(1).max(4096).optional(),
    maxWaitMs: z.number().min(0).max(60_000).optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
    signal: z.instanceof(AbortSignal).optional(),
  })
  .strict();

interface Resolved {
  classifier: BatchClassifier;
  batchSize: number;
  maxWaitMs: number;
  concurrency: number;
  signal: AbortSignal | undefined;
}

function resolve(options: StreamOptions): Resolved {
  const o = parseOptions(StreamOptionsSchema, options, 'stream');
  return {
    classifier: o.scanner ?? createScanner(o.scannerOptions as ScannerOptions | undefined),
    batchSize: o.batchSize ?? 64,
    maxWaitMs: o.maxWaitMs ?? 20,
    concurrency: o.concurrency ?? 2,
    signal: o.signal,
  };
}

const recordName = (i: number): string => `record ${i}`;

/** A batch on its way: its results once `done`, or the untyped error that stopped it. */
interface Slot {
  done: boolean;
  results: SettledResult[];
  error: unknown;
  finished: Promise<void>;
}

function send(r: Resolved, inputs: unknown[], offset: number): Slot {
  const slot: Slot = { done: false, results: [], error: undefined, finished: Promise.resolve() };
  slot.finished = settleAll(r.classifier, inputs, offset, recordName).then(
    (results) => {
      slot.results = results;
      slot.done = true;
    },
    (e: unknown) => {
      slot.error = e ?? new Error('batch failed');
      slot.done = true;
    },
  );
  return slot;
}

function toIterator(source: unknown): AsyncIterator<unknown> | Iterator<unknown> {
  if (typeof source === 'string' || source === null || typeof source !== 'object') {
    throw new SmuggleScanError('INVALID_INPUT', `classifyStream expects an iterable, async iterable or object-mode Readable of posts, got ${source === null ? 'null' : typeof source}.`);
  }
  const s = source as Partial<AsyncIterable<unknown> & Iterable<unknown>>;
  if (typeof s[Symbol.asyncIterator] === 'function') return s[Symbol.asyncIterator]!();
  if (typeof s[Symbol.iterator] === 'function') return s[Symbol.iterator]!();
  throw new SmuggleScanError('INVALID_INPUT', 'classifyStream expects an iterable, async iterable or object-mode Readable of posts.');
}

type Wake = { kind: 'item'; r: IteratorResult<unknown> } | { kind: 'head' } | { kind: 'timer' };

/**
 * Classifies a stream of posts (strings or `{id, text}`), yielding one result or error record per
 * post, in input order. Reading stops while the consumer is not asking for results.
 * @example
 * import { createReadStream } from 'node:fs';
 * import { createInterface } from 'node:readline';
 * const lines = createInterface({ input: createReadStream('posts.jsonl') });
 * const posts = (async function* () { for await (const l of lines) yield JSON.parse(l); })();
 * for await (const r of classifyStream(posts, { scannerOptions: { model: false } })) {
 *   if ('error' in r) console.error(r.id, r.error.message);
 *   else if (r.decision !== 'allow') console.log(r.id, r.decision, r.risk);
 * }
 */
export function classifyStream(source: AsyncIterable<unknown> | Iterable<unknown>, options: StreamOptions = {}): AsyncGenerator<SettledResult, void, undefined> {
  // Checked now, so a mistake throws here rather than at the first `next()`.
  const r = resolve(options);
  return run(r, toIterator(source));
}

async function* run(r: Resolved, it: AsyncIterator<unknown> | Iterator<unknown>): AsyncGenerator<SettledResult, void, undefined> {
  const inflight: Slot[] = [];
  let batch: unknown[] = [];
  let deadline = 0;
  let sent = 0;
  let ended = false;
  let pending: Promise<IteratorResult<unknown>> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let aborted: Promise<never> | undefined;
  if (r.signal) {
    const signal = r.signal;
    aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    aborted.catch(() => undefined);
  }
  try {
    for (;;) {
      r.signal?.throwIfAborted();
      // Hand out finished batches, oldest first.
      while (inflight[0]?.done) {
        const slot = inflight.shift()!;
        if (slot.error !== undefined) throw slot.error;
        yield* slot.results;
      }
      if (ended && !batch.length && !inflight.length) return;
      // Send the batch when there is room and it is full, its window has passed, or the source ended.
      if (batch.length && inflight.length < r.concurrency && (batch.length >= r.batchSize || ended || Date.now() >= deadline)) {
        inflight.push(send(r, batch, sent));
        sent += batch.length;
        batch = [];
        continue;
      }
      // Otherwise wait for whichever comes first: a post, the oldest batch, the window.
      const waits: Promise<Wake>[] = [];
      if (!ended && batch.length < r.batchSize) {
        pending ??= Promise.resolve(it.next());
        waits.push(pending.then((res) => ({ kind: 'item', r: res })));
      }
      if (inflight.length) waits.push(inflight[0]!.finished.then(() => ({ kind: 'head' })));
      if (batch.length && inflight.length < r.concurrency) {
        waits.push(new Promise<Wake>((res) => (timer = setTimeout(() => res({ kind: 'timer' }), Math.max(0, deadline - Date.now())))));
      }
      if (aborted) waits.push(aborted);
      const wake = await Promise.race(waits);
      clearTimeout(timer);
      if (wake.kind === 'item') {
        pending = undefined;
        if (wake.r.done) ended = true;
        else {
          if (!batch.length) deadline = Date.now() + r.maxWaitMs;
          batch.push(wake.r.value);
        }
      }
    }
  } finally {
    clearTimeout(timer);
    // Stop the source early (consumer broke off, abort, error). Batches in flight finish on their own.
    if (!ended) {
      try {
        const done = it.return?.();
        if (done && typeof (done as Promise<unknown>).catch === 'function') (done as Promise<unknown>).catch(() => undefined);
      } catch {
        // the source's own cleanup failed; nothing more to do
      }
    }
  }
}

/**
 * An object-mode `Transform`: write posts, read results in order. Writes are held while
 * `concurrency` batches are in flight and the next batch is full: that is its back-pressure.
 * Create one with {@link createClassifyTransform}.
 * @example
 * const t = new ClassifyTransform({ scannerOptions: { model: false } });
 * t.on('data', (r) => console.log(r.id, r.decision));
 * t.write({ id: 'p1', text: 'boat to uk, 3 places' }); t.end();
 */
export class ClassifyTransform extends Transform {
  readonly #r: Resolved;
  #batch: unknown[] = [];
  #inflight: Slot[] = [];
  #sent = 0;
  #deadline = 0;
  #timer: NodeJS.Timeout | undefined;
  #held: TransformCallback | undefined;
  #flushed: TransformCallback | undefined;

  constructor(options: StreamOptions = {}) {
    const r = resolve(options);
    super({ objectMode: true, highWaterMark: r.batchSize });
    this.#r = r;
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.#batch.length) this.#deadline = Date.now() + this.#r.maxWaitMs;
    this.#batch.push(chunk);
    this.#held = callback;
    this.#pump();
  }

  override _flush(callback: TransformCallback): void {
    this.#flushed = callback;
    this.#pump();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    callback(error);
  }

  /** Moves everything along that can move: finished batches out, a due batch in, held writes on. */
  #pump(): void {
    if (this.destroyed) return;
    while (this.#inflight[0]?.done) {
      const slot = this.#inflight.shift()!;
      if (slot.error !== undefined) {
        this.destroy(slot.error instanceof Error ? slot.error : new Error(String(slot.error)));
        return;
      }
      for (const res of slot.results) this.push(res);
    }
    const r = this.#r;
    const ending = this.#flushed !== undefined;
    if (this.#batch.length && this.#inflight.length < r.concurrency && (this.#batch.length >= r.batchSize || ending || Date.now() >= this.#deadline)) {
      const slot = send(r, this.#batch, this.#sent);
      this.#sent += this.#batch.length;
      this.#batch = [];
      this.#inflight.push(slot);
      void slot.finished.then(() => this.#pump());
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#batch.length && this.#inflight.length < r.concurrency) {
      this.#timer = setTimeout(() => this.#pump(), Math.max(0, this.#deadline - Date.now()));
    }
    // Accept the next write unless the batch is full and has nowhere to go.
    if (this.#held && this.#batch.length < r.batchSize) {
      const cb = this.#held;
      this.#held = undefined;
      cb();
    }
    if (this.#flushed && !this.#batch.length && !this.#inflight.length) {
      const cb = this.#flushed;
      this.#flushed = undefined;
      cb();
    }
  }
}

/**
 * An object-mode Transform that classifies posts: for `stream.pipeline`.
 * @example
 * import { pipeline } from 'node:stream/promises';
 * await pipeline(
 *   postsReadable,                                   // object mode: strings or {id, text}
 *   createClassifyTransform({ scannerOptions: { model: false } }),
 *   async function* (results) { for await (const r of results) yield JSON.stringify(r) + '\n'; },
 *   process.stdout,
 * );
 */
export function createClassifyTransform(options: StreamOptions = {}): ClassifyTransform {
  return new ClassifyTransform(options);
}
