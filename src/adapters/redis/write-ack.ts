/**
 * Writing an entry's outcome and acknowledging it in one step: a Lua script runs the `XADD` (a
 * result or a dead letter) and the `XACK` together, or neither, so no entry is acknowledged without
 * its outcome written. One pipeline carries every entry of a batch.
 * @module
 */
import type { Redis } from 'ioredis';
import type { WorkerContext } from './context.js';
import { fieldsToRecord } from './entries.js';
import type { RedisResult } from './options.js';

/**
 * Writes one entry (`XADD` to KEYS[1], trimmed to ARGV[3] when set) and acknowledges the input entry
 * (`XACK` KEYS[2] ARGV[1] ARGV[2]) only when the write succeeded; with no KEYS[1], acknowledges only.
 * Either both happen or neither: a failed XADD returns its error and leaves the entry pending.
 */
const WRITE_AND_ACK = `
if KEYS[1] ~= '' then
  local args = {KEYS[1]}
  if ARGV[3] ~= '' then
    args[#args + 1] = 'MAXLEN'; args[#args + 1] = '~'; args[#args + 1] = ARGV[3]
  end
  args[#args + 1] = '*'
  for i = 4, #ARGV do args[#args + 1] = ARGV[i] end
  local ok = redis.pcall('XADD', unpack(args))
  if type(ok) == 'table' and ok.err then return ok end
end
return redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
`;

/**
 * Registers the script on a connection (as the command `smugglescanWriteAck`).
 * @example defineWriteAck(cmd);
 */
export function defineWriteAck(cmd: Redis): void {
  cmd.defineCommand('smugglescanWriteAck', { numberOfKeys: 2, lua: WRITE_AND_ACK });
}

/** An entry to dead-letter: a byte-exact copy of its fields, and why. */
export interface DeadEntry {
  entryId: string;
  fields: Buffer[];
  reason: string;
  deliveries: number;
}

/** What a batch's entries came to: deleted while pending, dead letters, and results to write. */
export interface Outcomes {
  gone: string[];
  dead: DeadEntry[];
  written: RedisResult[];
}

type Job = { entryId: string; kind: 'gone' | 'dead' | 'result'; dead?: DeadEntry };

function queue(ctx: WorkerContext, p: ReturnType<Redis['pipeline']>, out: Outcomes): Job[] {
  const { o } = ctx;
  const writeAck = (key: string, args: (string | Buffer)[]): void => {
    (p as unknown as { smugglescanWriteAck(...a: (string | Buffer)[]): void }).smugglescanWriteAck(key, o.stream, ...args);
  };
  const jobs: Job[] = [];
  for (const entryId of out.gone) {
    writeAck('', [o.group, entryId, '']);
    jobs.push({ entryId, kind: 'gone' });
  }
  for (const d of out.dead) {
    writeAck(ctx.deadLetter, [o.group, d.entryId, '', ...d.fields, 'reason', d.reason, 'entry', d.entryId, 'stream', o.stream, 'group', o.group, 'consumer', ctx.consumer, 'deliveries', String(d.deliveries)]);
    jobs.push({ entryId: d.entryId, kind: 'dead', dead: d });
  }
  for (const r of out.written) {
    writeAck(o.results ?? '', [o.group, r.entryId, o.resultsMaxLen ? String(o.resultsMaxLen) : '', 'id', r.id, 'result', JSON.stringify(r.result), 'entry', r.entryId]);
    jobs.push({ entryId: r.entryId, kind: 'result' });
  }
  return jobs;
}

/**
 * Writes and acknowledges every outcome, one script per entry, in one pipeline. An entry whose
 * write failed stays pending (retried, then dead-lettered with the write's error); resolves to the
 * first write error, if any.
 * @example const writeError = await writeAndAck(ctx, { gone: [], dead: [], written: results });
 */
export async function writeAndAck(ctx: WorkerContext, out: Outcomes): Promise<Error | undefined> {
  if (!out.gone.length && !out.dead.length && !out.written.length) return undefined;
  const p = ctx.cmd.pipeline();
  const jobs = queue(ctx, p, out);
  const replies = (await p.exec()) ?? [];
  let writeError: Error | undefined;
  jobs.forEach((job, i) => {
    const [err, acked] = replies[i] ?? [new Error('no reply')];
    if (err) {
      // Not acknowledged: the entry stays pending, is retried, and is dead-lettered with this reason.
      writeError ??= err;
      ctx.failures.note(job.entryId, `writing its ${job.kind === 'dead' ? 'dead letter' : 'result'} failed: ${err.message}`);
      ctx.emit({ type: 'error', during: `writing entry ${job.entryId}`, error: err });
      return;
    }
    ctx.failures.delete(job.entryId);
    ctx.stats.acked += Number(acked ?? 0);
    if (job.kind === 'result') ctx.stats.classified++;
    if (job.kind === 'dead') {
      ctx.stats.deadLettered++;
      const d = job.dead!;
      ctx.emit({ type: 'dead-letter', entryId: d.entryId, id: fieldsToRecord(d.fields).id ?? null, reason: d.reason });
    }
  });
  return writeError;
}
