/**
 * The pool's worker thread (built to `dist/pool-worker.js`). It builds its scanner once, from the
 * options in `workerData`, and starts loading the model at once, so the model loads once per
 * worker and before the first task when it can. Every reply is plain data: `{ok: true, value}`
 * or `{ok: false, error: {code, message, issues?}}`, since a thrown error loses its `code` when
 * it crosses threads.
 * @module
 */
import { workerData } from 'node:worker_threads';
import { SmuggleScanError } from '../errors.js';
import { createScanner, type Scanner, type ScannerOptions } from '../scanner.js';
import { relabel, type ErrorRecord, type SettledResult } from './common.js';

/** A task sent to a worker. */
export type PoolTask =
  | { op: 'ready' }
  | { op: 'classify'; input: unknown }
  /** `offset`: where the chunk starts in the caller's batch, so error messages name the right index. */
  | { op: 'batch'; inputs: unknown[]; offset: number };

/** A worker's reply. */
export type PoolReply<T = unknown> = { ok: true; value: T } | { ok: false; error: ErrorRecord['error'] };

let scanner: Scanner | undefined;
let setupError: SmuggleScanError | undefined;
try {
  scanner = createScanner(((workerData as { scannerOptions?: ScannerOptions } | null)?.scannerOptions ?? {}) as ScannerOptions);
  // Load now, while the worker is otherwise idle; a failure is reported by the task that needs it.
  scanner.ready().catch(() => undefined);
} catch (e) {
  setupError = e instanceof SmuggleScanError ? e : new SmuggleScanError('INVALID_OPTIONS', `The pool worker could not build its scanner: ${(e as Error)?.message ?? String(e)}`);
}

function fail(e: unknown): PoolReply<never> {
  if (e instanceof SmuggleScanError) return { ok: false, error: e.toJSON() };
  throw e;
}

/**
 * Runs one task.
 * @example
 * // Used by Piscina, not called directly:
 * await handle({ op: 'batch', inputs: ['boat to uk'], offset: 0 });
 */
export default async function handle(task: PoolTask): Promise<PoolReply> {
  if (!scanner) return fail(setupError);
  try {
    switch (task.op) {
      case 'ready':
        return { ok: true, value: await scanner.ready() };
      case 'classify':
        return { ok: true, value: await scanner.classify(task.input as never) };
      case 'batch': {
        const results = (await scanner.classifyBatchSettled(task.inputs)) as SettledResult[];
        return { ok: true, value: relabel(results, task.offset, (i) => `inputs[${i}]`) };
      }
      default:
        return fail(new SmuggleScanError('INVALID_INPUT', `Unknown pool task ${JSON.stringify((task as { op?: unknown }).op)}.`));
    }
  } catch (e) {
    return fail(e);
  }
}
