/**
 * How the sidecar classifies without stalling: turns of the event loop handed out over every
 * request, single posts that arrive together classified as one batch, and batch bodies classified
 * chunk by chunk, each chunk sized to hold the event loop for about {@link CHUNK_BUDGET_MS}.
 * @module
 */
import { LABELS } from '../../taxonomy.js';
import type { ClassificationResult } from '../../types.js';
import { batches } from '../batches.js';
import { isErrorRecord, relabel, type BatchClassifier, type SettledResult } from '../common.js';
import type { ServiceMetrics } from '../metrics.js';
import { HttpError } from './errors.js';

/** About how long one in-process chunk may hold the event loop. */
const CHUNK_BUDGET_MS = 25;

/**
 * Turns of the event loop, handed out one at a time over every request: `await turns.next()`
 * resolves on a later loop iteration than the last turn given, so between two chunks of work
 * (from any request) sockets and timers always run and `/healthz` stays answered.
 */
export class Turns {
  #waiting: (() => void)[] = [];
  #scheduled = false;
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#schedule();
    });
  }
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#waiting.shift()?.();
      if (this.#waiting.length) this.#schedule();
    });
  }
}

/** Classifies single posts that arrive in the same event-loop turn as one batch. */
export class Coalescer {
  #queue: { input: unknown; resolve(r: SettledResult): void; reject(e: unknown): void }[] = [];
  #scheduled = false;
  constructor(
    private readonly classifier: BatchClassifier,
    private readonly max: number,
    private readonly turns: Turns,
  ) {}
  classify(input: unknown): Promise<SettledResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }
  async #flush(): Promise<void> {
    while (this.#queue.length) {
      await this.turns.next();
      const part = this.#queue.splice(0, this.max);
      try {
        const results = await this.classifier.classifyBatchSettled(part.map((p) => p.input));
        part.forEach((p, i) => p.resolve(results[i]!));
      } catch (e) {
        part.forEach((p) => p.reject(e));
      }
    }
    this.#scheduled = false;
  }
}

/** The top-scoring label of a result, for the decisions metric. */
function topLabel(r: ClassificationResult): string {
  if (r.decision === 'allow') return 'none';
  let best: string = LABELS[0];
  for (const l of LABELS) if (r.labels[l] > r.labels[best as (typeof LABELS)[number]]) best = l;
  return best;
}

/**
 * Counts results in the decisions and errors metrics.
 * @example countResults(metrics, await scanner.classifyBatchSettled(posts));
 */
export function countResults(metrics: ServiceMetrics, results: readonly SettledResult[]): void {
  for (const r of results) {
    if (isErrorRecord(r)) metrics.error(r.error.code);
    else metrics.decision(topLabel(r), r.decision);
  }
}

/**
 * Classifies batch bodies chunk by chunk, and serialises each chunk's results as it goes (11 MB of
 * JSON at once would block the loop too). With a pool, chunks of one batch run side by side (one
 * lane per worker); in-process they run one after another.
 */
export class BatchBodies {
  /** Time per post so far (moving average), which sizes in-process chunks. */
  #msPerPost = 0;
  readonly #parallel: number;
  constructor(
    private readonly classifier: BatchClassifier,
    private readonly chunkSize: number,
    private readonly turns: Turns,
    private readonly metrics: ServiceMetrics,
  ) {
    this.#parallel = Math.max(1, Number((classifier as { workers?: unknown }).workers) || 1);
  }

  /** In-process, a chunk blocks the event loop for as long as it takes: about CHUNK_BUDGET_MS of posts (at most chunkSize). */
  #nextSize(): number {
    if (this.#parallel > 1) return this.chunkSize;
    if (this.#msPerPost === 0) return Math.min(this.chunkSize, 2);
    return Math.max(1, Math.min(this.chunkSize, Math.floor(CHUNK_BUDGET_MS / this.#msPerPost)));
  }

  /** The results of `posts` as JSON texts, one per chunk, in order. `gone`: the client closed the connection. */
  async classify(posts: unknown[], gone: () => boolean): Promise<string[]> {
    const out: { offset: number; json: string }[] = [];
    const chunks = batches(posts, { count: () => this.#nextSize() });
    const lane = async (): Promise<void> => {
      for (;;) {
        // An in-process scanner works synchronously: take a turn of the event loop before each
        // chunk, so that sockets, timers and /healthz run between chunks of every request.
        await this.turns.next();
        const next = chunks.next();
        if (next.done) break;
        // The client has gone: nobody will read the rest.
        if (gone()) throw new HttpError(499, 'CLIENT_GONE', 'The client closed the connection.');
        out.push({ offset: next.value.offset, json: await this.#run(next.value.items, next.value.offset) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#parallel, posts.length) }, lane));
    return out.sort((a, b) => a.offset - b.offset).map((x) => x.json).filter((x) => x !== '');
  }

  async #run(inputs: unknown[], offset: number): Promise<string> {
    const t0 = performance.now();
    const results = relabel(await this.classifier.classifyBatchSettled(inputs), offset, (i) => `posts[${i}]`);
    const json = results.map((r) => JSON.stringify(r)).join(',');
    const per = (performance.now() - t0) / inputs.length;
    this.#msPerPost = this.#msPerPost === 0 ? per : 0.7 * this.#msPerPost + 0.3 * per;
    countResults(this.metrics, results);
    return json;
  }
}
