/**
 * One batch of entries, start to end: sort out the deleted, the poison and the unreadable ones,
 * classify the rest (a batch that fails as a whole is retried entry by entry), hand results to
 * `onResult`, then write and acknowledge every outcome.
 * @module
 */
import type { ClassificationResult } from '../../types.js';
import { batches } from '../batches.js';
import { isErrorRecord, type SettledResult } from '../common.js';
import type { WorkerContext } from './context.js';
import { entryBytes, fieldsToRecord, type Entry } from './entries.js';
import type { RedisResult } from './options.js';
import { writeAndAck, type DeadEntry } from './write-ack.js';

/** An entry that can be classified. */
interface Good {
  entryId: string;
  id: string;
  text: string;
  fields: Buffer[];
}

/** A post's classification: its result, the scanner's error for it, or what it threw even alone. */
type Outcome = ClassificationResult | { error: string } | { thrown: unknown };

const messageOf = (e: unknown): string => (e as Error)?.message ?? String(e);
const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** Sorts entries into deleted (gone), dead letters (too many deliveries, no text) and good ones. */
function sortEntries(ctx: WorkerContext, entries: Entry[], counts: Map<string, number>): { gone: string[]; dead: DeadEntry[]; good: Good[] } {
  const gone: string[] = [];
  const dead: DeadEntry[] = [];
  const good: Good[] = [];
  for (const e of entries) {
    if (!e.fields) {
      gone.push(e.id); // deleted from the stream while pending: nothing left to do
      continue;
    }
    const rec = fieldsToRecord(e.fields);
    const deliveries = counts.get(e.id) ?? 1;
    if (deliveries > ctx.maxAttempts) {
      const last = ctx.failures.get(e.id);
      dead.push({ entryId: e.id, fields: e.fields, deliveries, reason: `delivered ${deliveries} times without being acknowledged (max attempts ${ctx.maxAttempts}); ${last ? `last failure: ${last}` : 'it may crash or stall workers'}` });
    } else if (typeof rec.text !== 'string') {
      dead.push({ entryId: e.id, fields: e.fields, deliveries, reason: `unreadable: the entry has no "text" field (fields: ${Object.keys(rec).slice(0, 10).join(', ') || 'none'})` });
    } else {
      good.push({ entryId: e.id, id: rec.id !== undefined && rec.id !== '' ? rec.id : e.id, text: rec.text, fields: e.fields });
    }
  }
  return { gone, dead, good };
}

/** How many times each entry was delivered (XPENDING), for entries that may have been delivered before. */
async function deliveriesOf(ctx: WorkerContext, entries: Entry[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!entries.length) return counts;
  const rows = (await ctx.cmd.call('XPENDING', ctx.o.stream, ctx.o.group, entries[0]!.id, entries[entries.length - 1]!.id, entries.length, ctx.consumer)) as [string, string, number, number][];
  for (const [id, , , n] of rows) counts.set(id, Number(n));
  return counts;
}

/** Classifies posts; a batch that fails as a whole is retried post by post, so one poison post fails alone. */
async function classifyIsolated(ctx: WorkerContext, good: Good[]): Promise<Outcome[]> {
  const asOut = (r: SettledResult): Outcome => (isErrorRecord(r) ? { error: `${r.error.code}: ${r.error.message}` } : r);
  try {
    return (await ctx.classifier.classifyBatchSettled(good.map((g) => ({ id: g.id, text: g.text })))).map(asOut);
  } catch (e) {
    if (good.length === 1) throw e;
    ctx.emit({ type: 'error', during: `classifying a batch of ${good.length} (retrying entry by entry)`, error: asError(e) });
  }
  const out: Outcome[] = [];
  for (const g of good) {
    try {
      out.push(asOut((await ctx.classifier.classifyBatchSettled([{ id: g.id, text: g.text }]))[0]!));
    } catch (e) {
      out.push({ thrown: e }); // fails even alone: stays pending
    }
  }
  return out;
}

/**
 * Classifies the good entries: results in `ok`, the scanner's refusals as dead letters. Entries
 * that could not be classified stay pending (retried after claimIdleMs, dead-lettered after
 * maxAttempts); resolves to the first such error.
 */
async function classifyGood(ctx: WorkerContext, good: Good[], counts: Map<string, number>, ok: RedisResult[], dead: DeadEntry[]): Promise<unknown> {
  if (!good.length) return undefined;
  let batchError: unknown;
  try {
    const settled = await classifyIsolated(ctx, good);
    settled.forEach((r, i) => {
      const g = good[i]!;
      if ('thrown' in r) {
        batchError ??= r.thrown; // stays pending: retried, then dead-lettered
        ctx.failures.note(g.entryId, `classification failed: ${messageOf(r.thrown)}`);
      } else if ('risk' in r) ok.push({ entryId: g.entryId, id: g.id, result: r });
      else dead.push({ entryId: g.entryId, fields: g.fields, deliveries: counts.get(g.entryId) ?? 1, reason: r.error });
    });
  } catch (e) {
    batchError = e;
    for (const g of good) ctx.failures.note(g.entryId, `classification failed: ${messageOf(e)}`);
  }
  return batchError;
}

/** Hands each result to `onResult`; those it throws for are not acknowledged (they will be delivered again). */
async function deliver(ctx: WorkerContext, ok: RedisResult[]): Promise<RedisResult[]> {
  const onResult = ctx.o.onResult;
  if (!onResult) return ok;
  const written: RedisResult[] = [];
  for (const r of ok) {
    try {
      await onResult(r);
    } catch (e) {
      ctx.failures.note(r.entryId, `onResult threw: ${messageOf(e)}`);
      ctx.emit({ type: 'error', during: `onResult for entry ${r.entryId}`, error: asError(e) });
      continue;
    }
    written.push(r);
  }
  return written;
}

/** Classifies, writes and acknowledges one batch. `redelivered`: entries that may have been delivered before. */
async function handle(ctx: WorkerContext, entries: Entry[], redelivered: boolean): Promise<void> {
  const counts = redelivered ? await deliveriesOf(ctx, entries) : new Map<string, number>();
  const { gone, dead, good } = sortEntries(ctx, entries, counts);
  const ok: RedisResult[] = [];
  let batchError = await classifyGood(ctx, good, counts, ok, dead);
  const written = await deliver(ctx, ok);
  const writeError = await writeAndAck(ctx, { gone, dead, written });
  if (writeError && batchError === undefined) batchError = writeError;
  if (batchError !== undefined) throw batchError;
}

/**
 * Handles entries in batches of at most maxBatchBytes (at least one entry each); a failed batch
 * does not stop the next. Rejects with the first batch's error once all are done.
 * @example await handleAll(ctx, entriesOf(reply), false);
 */
export async function handleAll(ctx: WorkerContext, entries: Entry[], redelivered: boolean): Promise<void> {
  let firstError: unknown;
  for (const b of batches(entries, { weight: entryBytes, maxWeight: ctx.maxBatchBytes })) {
    try {
      await handle(ctx, b.items, redelivered);
    } catch (e) {
      firstError ??= e;
    }
  }
  if (firstError !== undefined) throw firstError;
}
