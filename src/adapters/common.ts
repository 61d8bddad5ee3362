/**
 * What the pipeline adapters (stream, pool, server, Redis worker) share: the one settled-result
 * shape, the small interface they need from a classifier, and option checking.
 * @module
 */
import { SmuggleScanError, type ErrorCode, type Issue } from '../errors.js';
import type { ClassificationResult, ModelInfo } from '../types.js';

/**
 * A record that could not be classified, in place of its result: the record's `id` (or null) and
 * the error as `{code, message, issues?}`. The same shape as `Scanner.classifyBatchSettled`'s.
 */
export interface ErrorRecord {
  id: string | null;
  error: { code: ErrorCode; message: string; issues?: Issue[] };
}

/** A result, or an error record in its place. */
export type SettledResult = ClassificationResult | ErrorRecord;

/**
 * True for an error record.
 * @example
 * for await (const r of classifyStream(posts)) {
 *   if (isErrorRecord(r)) console.warn(r.id, r.error.code); else console.log(r.decision);
 * }
 */
export function isErrorRecord(r: SettledResult): r is ErrorRecord {
  return 'error' in r && !('risk' in r);
}

/**
 * What the adapters need from a classifier. A {@link Scanner} satisfies it, and so does a
 * {@link Pool}: hand either to `classifyStream`, `createServer` or `createRedisWorker`.
 * @example
 * const classifier: BatchClassifier = createScanner({ model: false });
 */
export interface BatchClassifier {
  /** Classifies posts in order; each bad record becomes an error record. */
  classifyBatchSettled(inputs: readonly unknown[]): Promise<SettledResult[]>;
  /** Resolves once the model is loaded (to its info, or null for rules only). */
  ready(): Promise<ModelInfo | null>;
}

/**
 * The id of a post as the scanner reads it: a string, a number as a string, or null for anything
 * else (which the scanner refuses as that record's error; it is never stringified).
 * @example idOf({ id: 7, text: 'x' }) // '7'
 */
export function idOf(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const id = (input as { id?: unknown }).id;
  return typeof id === 'string' ? id : typeof id === 'number' ? String(id) : null;
}

/**
 * A copy of a post that is safe to send to another thread: `{id, text}` with any value that is not
 * a primitive replaced by an empty one of its kind. Structured clone of a 100,000-deep array
 * overflows the stack and would fail the whole chunk; the scanner still refuses the placeholder,
 * so the record gets its own error.
 * @example shallowPost({ id: [[[]]], text: 'x', extra: {} }) // { id: [], text: 'x' }
 */
export function shallowPost(input: unknown): unknown {
  const flat = (v: unknown): unknown => (Array.isArray(v) ? [] : typeof v === 'object' && v !== null ? {} : typeof v === 'function' || typeof v === 'symbol' ? {} : v);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return flat(input);
  const rec = input as { id?: unknown; text?: unknown };
  const out: { id?: unknown; text?: unknown } = {};
  if ('id' in rec) out.id = flat(rec.id);
  if ('text' in rec) out.text = flat(rec.text);
  return out;
}

/**
 * Renames the `inputs[k]` at the start of the scanner's error messages to where the record is in
 * the caller's terms, e.g. `posts[130]` or `record 130`.
 * @example relabel(await scanner.classifyBatchSettled(chunk), 128, (i) => `posts[${i}]`)
 */
export function relabel(records: SettledResult[], offset: number, name: (index: number) => string): SettledResult[] {
  return records.map((r) => {
    if (!isErrorRecord(r)) return r;
    const message = r.error.message.replace(/^inputs\[(\d+)\]/, (_, k: string) => name(offset + Number(k)));
    return message === r.error.message ? r : { id: r.id, error: { ...r.error, message } };
  });
}

/**
 * Classifies a batch, never rejecting for a typed error: when the whole batch fails (the model
 * cannot load, say), every record gets that error. Untyped errors (bugs) are rethrown.
 * @example const settled = await settleAll(scanner, batch, 0, (i) => `record ${i}`);
 */
export async function settleAll(
  classifier: BatchClassifier,
  inputs: readonly unknown[],
  offset: number,
  name: (index: number) => string,
): Promise<SettledResult[]> {
  try {
    return relabel(await classifier.classifyBatchSettled(inputs), offset, name);
  } catch (e) {
    if (!(e instanceof SmuggleScanError)) throw e;
    const error = e.toJSON();
    return inputs.map((x) => ({ id: idOf(x), error }));
  }
}

/** Options parsing, shared with the core (src/errors.ts). */
export { parseOptions } from '../errors.js';

/**
 * Rebuilds a SmuggleScanError from its JSON form (as sent across a thread or a wire).
 * @example throw reviveError(reply.error);
 */
export function reviveError(e: { code: ErrorCode; message: string; issues?: Issue[] }): SmuggleScanError {
  return new SmuggleScanError(e.code, e.message, e.issues ?? []);
}
