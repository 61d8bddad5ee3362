/**
 * The Redis worker's loop: first its own entries left pending by an earlier run of this consumer,
 * then, in turn, entries idle long enough to claim from other consumers (`XAUTOCLAIM`) and new
 * entries (a blocking `XREADGROUP`), each handed to {@link handleAll}. Errors back off and retry.
 * @module
 */
import type { WorkerContext } from './context.js';
import { entriesOf, sleep, str, type Entry } from './entries.js';
import { handleAll } from './handle.js';

/** Where the loop is: its own pending entries, the claim scan, and when to claim next. */
interface Cursors {
  /** Re-reading entries delivered to this consumer name earlier and never acknowledged; null once done. */
  own: string | null;
  claim: string;
  nextClaim: number;
}

/**
 * Creates the consumer group (with MKSTREAM) when it is missing.
 * @example await ensureGroup(ctx);
 */
export async function ensureGroup(ctx: WorkerContext): Promise<void> {
  try {
    await ctx.cmd.call('XGROUP', 'CREATE', ctx.o.stream, ctx.o.group, ctx.o.groupStart ?? '0', 'MKSTREAM');
  } catch (e) {
    if (!/BUSYGROUP/.test((e as Error).message)) throw e;
  }
}

/** Re-reads this consumer's own pending entries, a batch at a time; false once there are none left. */
async function readOwn(ctx: WorkerContext, c: Cursors, cursor: string): Promise<boolean> {
  const own = entriesOf(await ctx.cmd.callBuffer('XREADGROUP', 'GROUP', ctx.o.group, ctx.consumer, 'COUNT', ctx.sizer.readCount(), 'STREAMS', ctx.o.stream, cursor));
  ctx.sizer.measure(own);
  if (!own.length) {
    c.own = null;
    return false;
  }
  c.own = own[own.length - 1]!.id;
  ctx.stats.claimed += own.length;
  await handleAll(ctx, own, true);
  return true;
}

/** Claims entries other consumers left pending for claimIdleMs. */
async function claim(ctx: WorkerContext, c: Cursors): Promise<void> {
  const [nextRaw, claimed] = (await ctx.cmd.callBuffer('XAUTOCLAIM', ctx.o.stream, ctx.o.group, ctx.consumer, ctx.claimIdleMs, c.claim, 'COUNT', ctx.sizer.readCount())) as [Buffer, [Buffer, Buffer[] | null][]];
  const next = str(nextRaw);
  c.claim = next;
  if (next === '0-0') c.nextClaim = Date.now() + ctx.claimEvery;
  const entries: Entry[] = (claimed ?? []).map(([id, fields]) => ({ id: str(id), fields }));
  ctx.sizer.measure(entries);
  if (entries.length) {
    ctx.stats.claimed += entries.length;
    ctx.emit({ type: 'claimed', count: entries.length });
    await handleAll(ctx, entries, true);
  }
}

/** Waits for new entries (at most until the next claim is due) and handles them. */
async function readNew(ctx: WorkerContext, c: Cursors): Promise<void> {
  ctx.reading = true;
  const block = Math.max(1, Math.min(ctx.blockMs, c.nextClaim - Date.now()));
  let reply: unknown;
  try {
    reply = await ctx.reader.callBuffer('XREADGROUP', 'GROUP', ctx.o.group, ctx.consumer, 'COUNT', ctx.sizer.readCount(), 'BLOCK', block, 'STREAMS', ctx.o.stream, '>');
  } finally {
    ctx.reading = false;
  }
  // Even when stopping: entries this read got are ours now, so finish them.
  const entries = entriesOf(reply);
  ctx.sizer.measure(entries);
  if (entries.length) {
    ctx.stats.read += entries.length;
    await handleAll(ctx, entries, false);
  }
}

/**
 * Runs until `ctx.stopping`: own pending entries first, then claims and new entries.
 * @example const loop = runLoop(ctx);  ...  ctx.stopping = true; await loop;
 */
export async function runLoop(ctx: WorkerContext): Promise<void> {
  const c: Cursors = { own: '0', claim: '0-0', nextClaim: 0 };
  let backoff = 0;
  while (!ctx.stopping) {
    try {
      if (c.own !== null) {
        if (!(await readOwn(ctx, c, c.own))) continue;
      } else if (Date.now() >= c.nextClaim) await claim(ctx, c);
      else await readNew(ctx, c);
      backoff = 0;
    } catch (e) {
      if (ctx.stopping) break;
      const error = e instanceof Error ? e : new Error(String(e));
      if (/NOGROUP/.test(error.message)) await ensureGroup(ctx).catch(() => undefined);
      else ctx.stats.failedBatches++;
      ctx.emit({ type: 'error', during: 'processing', error });
      backoff = Math.min(5_000, backoff ? backoff * 2 : 100);
      await sleep(backoff);
    }
  }
}
