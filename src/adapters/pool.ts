/**
 * A worker-thread pool (Piscina) so one process uses every core. Each worker builds its own
 * scanner once from `scannerOptions` (so the model loads once per worker) and the main thread only
 * routes posts and results. Results are the same objects, field for field, as in-process results
 * with the same options.
 *
 * The worker is `dist/pool-worker.js`, found beside the module that runs this code. Code running
 * from the TypeScript sources passes `workerFile` (the tests use tests/fixtures/pool-worker-dev.mjs).
 * A bundler that moves smugglescan elsewhere must copy `dist/pool-worker.js` too, or pass `workerFile`.
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SmuggleScanError } from '../errors.js';
import { MAX_MODEL_THREADS, MODEL_OPTION_NAMES, type ModelOptions } from '../model/options.js';
import { RuleSet } from '../rules/index.js';
import { ScannerOptionsSchema, type PostInput, type ScannerOptions } from '../scanner.js';
import type { ClassificationResult, ModelInfo } from '../types.js';
import { batches } from './batches.js';
import { isErrorRecord, parseOptions, reviveError, shallowPost, type BatchClassifier, type SettledResult } from './common.js';
import { piscinaClass } from './deps.js';
import type { PoolReply, PoolTask } from './pool-worker.js';

/**
 * Scanner options that can be sent to a worker thread: plain data only. `model` is `false`, a
 * folder or model options (not a ModelScorer object); `rules` are rule-pack objects (not a RuleSet).
 */
export type PoolScannerOptions = Omit<ScannerOptions, 'model' | 'rules'> & {
  model?: false | string | ModelOptions;
  rules?: unknown[];
};

/** Options of {@link createPool}. */
export interface PoolOptions {
  /** Worker threads (default: `os.availableParallelism()`). */
  workers?: number;
  /** Options for each worker's scanner (plain data; see {@link PoolScannerOptions}). */
  scannerOptions?: PoolScannerOptions;
  /** `classifyBatch` splits a batch into chunks of at most this many posts, one task each (default 64). */
  chunkSize?: number;
  /** The worker file, when the default (beside this module) does not fit your layout. */
  workerFile?: string | URL;
}

const PoolOptionsSchema = z
  .object({
    workers: z.number().int().min(1).max(512).optional(),
    scannerOptions: z.record(z.string(), z.unknown()).optional(),
    chunkSize: z.number().int().min(1).max(4096).optional(),
    workerFile: z.union([z.string().min(1), z.instanceof(URL)]).optional(),
  })
  .strict();

/** A pool of worker threads, each with its own scanner. */
export interface Pool extends BatchClassifier {
  /** The number of worker threads. */
  readonly workers: number;
  /** Classifies one post in a worker. Throws `INVALID_INPUT` for a bad record, as `Scanner.classify` does. */
  classify(input: PostInput): Promise<ClassificationResult>;
  /** Classifies posts in order, in chunks spread over the workers; a bad record throws. */
  classifyBatch(inputs: readonly PostInput[]): Promise<ClassificationResult[]>;
  /** Classifies posts in order; each bad record becomes an error record. */
  classifyBatchSettled(inputs: readonly unknown[]): Promise<SettledResult[]>;
  /** Resolves once the workers have loaded their model (to its info, or null for rules only). */
  ready(): Promise<ModelInfo | null>;
  /** Tasks waiting for a worker, tasks done, and the share of time the workers were busy (0..1). */
  stats(): { queued: number; completed: number; utilization: number };
  /**
   * Finishes the tasks in hand, then stops the workers (rules only) or parks them until the process
   * exits (with the model: see the note in the source). Later calls throw `CLOSED`.
   */
  close(): Promise<void>;
}

/**
 * Finds the worker file: `explicit` when given, else `pool-worker.js` beside this module (the build).
 * @example resolvePoolWorker() // '/app/node_modules/smugglescan/dist/pool-worker.js'
 */
export function resolvePoolWorker(explicit?: string | URL): string {
  if (explicit !== undefined) {
    if (explicit instanceof URL) return fileURLToPath(explicit);
    if (explicit.startsWith('file:')) return fileURLToPath(explicit);
    return isAbsolute(explicit) ? explicit : resolvePath(explicit);
  }
  const here = import.meta.url;
  for (const name of ['pool-worker.js', 'pool-worker.mjs']) {
    const path = fileURLToPath(new URL(`./${name}`, here));
    if (existsSync(path)) return path;
  }
  throw new SmuggleScanError(
    'UNAVAILABLE',
    `Cannot find the pool worker (pool-worker.js) beside ${fileURLToPath(here)}. Build the package (npm run build); if you bundled smugglescan, copy node_modules/smugglescan/dist/pool-worker.js beside your bundle or pass { workerFile }.`,
  );
}

function checkScannerOptions(options: Record<string, unknown> | undefined): PoolScannerOptions {
  const o = options ?? {};
  parseOptions(ScannerOptionsSchema, o, 'scanner');
  if (o.rules instanceof RuleSet) {
    throw new SmuggleScanError('INVALID_OPTIONS', 'scannerOptions.rules: a compiled RuleSet cannot be sent to worker threads. Pass the rule-pack objects (an array) instead; each worker compiles them.');
  }
  if (o.model !== undefined && o.model !== false && typeof o.model === 'object' && o.model !== null && 'score' in o.model) {
    throw new SmuggleScanError('INVALID_OPTIONS', `scannerOptions.model: a ModelScorer object cannot be sent to worker threads. Pass a model folder (string) or model options ({${MODEL_OPTION_NAMES.join(', ')}}); each worker loads it.`);
  }
  try {
    structuredClone(o);
  } catch (e) {
    throw new SmuggleScanError('INVALID_OPTIONS', `scannerOptions must be plain data to reach the worker threads (${(e as Error).message}).`);
  }
  return o as PoolScannerOptions;
}

/**
 * Gives each worker's model an equal share of the cores (at least one thread) unless the caller
 * chose: left to onnxruntime, every worker's model would run a thread per core and the workers'
 * threads would spin against each other.
 */
function withModelThreads(o: PoolScannerOptions, workers: number): PoolScannerOptions {
  if (o.model === false) return o;
  // At most the model options' bound (a 128-core machine with one worker stays valid).
  const threads = Math.min(MAX_MODEL_THREADS, Math.max(1, Math.floor(availableParallelism() / workers)));
  if (o.model === undefined) return { ...o, model: { threads } };
  if (typeof o.model === 'string') return { ...o, model: { path: o.model, threads } };
  return o.model.threads === undefined ? { ...o, model: { ...o.model, threads } } : o;
}

/**
 * Starts a pool of worker threads, each with its own scanner.
 * @example
 * const pool = createPool({ workers: 4, scannerOptions: { model: false } });
 * await pool.ready();
 * const results = await pool.classifyBatch(posts);   // same results as createScanner(...).classifyBatch
 * await pool.close();
 */
export function createPool(options: PoolOptions = {}): Pool {
  const o = parseOptions(PoolOptionsSchema, options, 'pool');
  const workers = o.workers ?? Math.max(1, availableParallelism());
  const scannerOptions = withModelThreads(checkScannerOptions(o.scannerOptions), workers);
  const chunkSize = o.chunkSize ?? 64;
  const filename = resolvePoolWorker(o.workerFile);
  const Piscina = piscinaClass();
  const piscina = new Piscina<PoolTask, PoolReply>({
    filename,
    minThreads: workers,
    maxThreads: workers,
    // Idle workers keep their event loop running, so the eager model load makes progress.
    atomics: 'async',
    workerData: { scannerOptions },
  });
  let closed = false;
  // See close(): threads that may have loaded onnxruntime-node are parked, not stopped.
  const usesModel = scannerOptions.model !== false;
  let inflight = 0;
  let idle: (() => void) | undefined;

  async function run<T>(task: PoolTask): Promise<T> {
    if (closed) throw new SmuggleScanError('CLOSED', 'This pool is closed; create another with createPool().');
    let reply: PoolReply;
    inflight++;
    try {
      reply = await piscina.run(task);
    } catch (e) {
      if (closed) throw new SmuggleScanError('CLOSED', 'The pool was closed before this task ran.');
      throw new SmuggleScanError('UNAVAILABLE', `A pool worker failed: ${(e as Error)?.message ?? String(e)}`);
    } finally {
      if (--inflight === 0) idle?.();
    }
    if (!reply.ok) throw reviveError(reply.error);
    return reply.value as T;
  }

  async function settled(inputs: readonly unknown[], what: string): Promise<SettledResult[]> {
    if (!Array.isArray(inputs)) throw new SmuggleScanError('INVALID_INPUT', `${what} expects an array of posts.`);
    if (!inputs.length) return [];
    // Spread one batch over the workers, in chunks of at most chunkSize.
    const count = Math.max(1, Math.min(chunkSize, Math.ceil(inputs.length / workers)));
    const tasks = [...batches(inputs, { count })].map((b) => run<SettledResult[]>({ op: 'batch', inputs: b.items.map(shallowPost), offset: b.offset }));
    return (await Promise.all(tasks)).flat();
  }

  return {
    workers,
    classify: (input) => run<ClassificationResult>({ op: 'classify', input: shallowPost(input) }),
    async classifyBatch(inputs) {
      const results = await settled(inputs, 'classifyBatch');
      const bad = results.find(isErrorRecord);
      if (bad) throw reviveError(bad.error);
      return results as ClassificationResult[];
    },
    classifyBatchSettled: (inputs) => settled(inputs, 'classifyBatchSettled'),
    async ready() {
      const infos = await Promise.all(Array.from({ length: workers }, () => run<ModelInfo | null>({ op: 'ready' })));
      return infos[0] ?? null;
    },
    stats: () => ({ queued: piscina.queueSize, completed: piscina.completed, utilization: piscina.utilization }),
    async close() {
      if (closed) return;
      closed = true;
      if (!usesModel) return piscina.close();
      // onnxruntime-node 1.14 (under transformers.js 2) does not survive a thread that used it being
      // stopped while the process goes on using it (another pool, the model in the main thread): the
      // process can crash, or later loads fail with "Module did not self-register". So a pool with
      // the model finishes its tasks, then leaves its threads parked (unref'd: they do not keep the
      // process alive) until the process exits.
      if (inflight) await new Promise<void>((resolve) => (idle = resolve));
      for (const t of piscina.threads) t.unref();
    },
  };
}
