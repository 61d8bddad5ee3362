/**
 * A Redis Streams worker (ioredis): reads posts through a consumer group, classifies them in
 * batches, writes each result, and acknowledges an entry only once its result is written.
 *
 * - **Input**: entries with fields `id` and `text` on `stream`, read as `consumer` of `group`
 *   (`XREADGROUP`; the group is created with `MKSTREAM` when missing, from the start of the stream).
 * - **Output**: an entry `id`, `result` (the result JSON), `entry` (the input entry's ID) on the
 *   `results` stream, and/or a call to `onResult`. Each entry's result and its `XACK` run in one
 *   Lua script that acknowledges only when the write succeeded: an entry whose result (or dead
 *   letter) could not be written stays pending, is retried, and is dead-lettered with the write's
 *   error after `maxAttempts` deliveries.
 * - **Isolation**: a batch whose classification fails as a whole is retried entry by entry at
 *   once, so one poison entry never takes its batch-mates with it.
 * - **Bytes**: fields are read as bytes; a dead letter is a byte-exact copy of the entry. Reads
 *   are sized so that one batch holds about `maxBatchBytes`.
 * - **Recovery**: entries left pending by a worker that died are claimed (`XAUTOCLAIM`) once idle
 *   for `claimIdleMs`; a restarted worker with the same consumer name first re-reads its own.
 * - **Poison**: an entry delivered more than `maxAttempts` times, or one without a `text` field,
 *   is copied to the `deadLetter` stream with a `reason`, then acknowledged.
 * @module
 */
import { hostname } from 'node:os';
import type { Redis, RedisOptions } from 'ioredis';
import { z } from 'zod';
import { SmuggleScanError } from '../errors.js';
import { createScanner, type ScannerOptions } from '../scanner.js';
import type { ClassificationResult } from '../types.js';
import { isErrorRecord, parseOptions, type BatchClassifier } from './common.js';
import { redisClass } from './deps.js';

/** A result handed to `onResult`. */
export interface RedisResult {
  /** The input entry's stream ID. */
  entryId: string;
  /** The post's `id` field, or the entry ID when it has none. */
  id: string;
  result: ClassificationResult;
}

/** What the worker reports as it goes. */
export type RedisWorkerEvent =
  | { type: 'claimed'; count: number }
  | { type: 'dead-letter'; entryId: string; id: string | null; reason: string }
  | { type: 'error'; during: string; error: Error };

/** Options of {@link createRedisWorker}. */
export interface RedisWorkerOptions {
  /** A Redis URL (`redis://host:6379/0`), ioredis options, or a client whose settings to copy. */
  redis: string | RedisOptions | Redis;
  /** The input stream (fields `id`, `text`). */
  stream: string;
  /** The consumer group; every worker of one deployment uses the same. */
  group: string;
  /** This worker's name in the group; unique per worker (default `<hostname>-<pid>-<n>`). Keep it stable across restarts to re-read your own pending entries at once. */
  consumer?: string;
  /** The results stream. At least one of `results` and `onResult` is needed. */
  results?: string;
  /** Trim the results stream to about this many entries (`MAXLEN ~`); default: no trimming. */
  resultsMaxLen?: number;
  /** Called for each result before it is acknowledged; a throw leaves the entry pending, to be retried. */
  onResult?: (r: RedisResult) => void | Promise<void>;
  /** The dead-letter stream (default `<stream>-dead`). */
  deadLetter?: string;
  /** Deliveries an entry may have before it is dead-lettered (default 3). */
  maxAttempts?: number;
  /** Pending entries idle this long are claimed from their consumer (default 30,000 ms). */
  claimIdleMs?: number;
  /** Entries per read and per classification batch (default 64). */
  batchSize?: number;
  /** How long one blocking read waits (default 2,000 ms). `stop()` cuts a read short with CLIENT UNBLOCK; where that command is not allowed, it waits out the read. */
  blockMs?: number;
  /** Where a newly created group starts: `0` (every entry already in the stream, default) or `$` (only new ones). */
  groupStart?: '0' | '$';
  /** Who classifies: a Scanner, a Pool, or any {@link BatchClassifier}. Default: `createScanner(scannerOptions)`. */
  scanner?: BatchClassifier;
  scannerOptions?: ScannerOptions;
  /** Progress and problems (dead letters, claims, Redis errors). */
  onEvent?: (e: RedisWorkerEvent) => void;
  /** The Redis password, when not in the URL (keep it out of URLs: they get printed). */
  password?: string;
  /** About how many bytes of entries one batch holds (default 8 MiB): reads ask for fewer entries when entries are large. */
  maxBatchBytes?: number;
}

/** An ioredis client (duck-typed: ioredis itself loads only when a worker is created). */
const isClient = (v: unknown): v is Redis => typeof v === 'object' && v !== null && typeof (v as Redis).duplicate === 'function' && typeof (v as Redis).xadd === 'function';

const Name = z.string().min(1).max(512);
const RedisWorkerOptionsSchema = z
  .object({
    redis: z.union([
      z.string().min(1),
      z.custom<Redis>((v) => isClient(v), 'an ioredis client'),
      z.record(z.string(), z.unknown()),
    ]),
    stream: Name,
    group: Name,
    consumer: Name.optional(),
    results: Name.optional(),
    resultsMaxLen: z.number().int().min(1).optional(),
    onResult: z.custom<RedisWorkerOptions['onResult']>((v) => typeof v === 'function', 'a function').optional(),
    deadLetter: Name.optional(),
    maxAttempts: z.number().int().min(1).max(1000).optional(),
    claimIdleMs: z.number().int().min(10).optional(),
    batchSize: z.number().int().min(1).max(10_000).optional(),
    blockMs: z.number().int().min(1).max(600_000).optional(),
    groupStart: z.enum(['0', '$']).optional(),
    scanner: z.custom<BatchClassifier>((v) => typeof v === 'object' && v !== null && typeof (v as BatchClassifier).classifyBatchSettled === 'function', 'a Scanner, a Pool or an object with classifyBatchSettled()').optional(),
    scannerOptions: z.record(z.string(), z.unknown()).optional(),
    onEvent: z.custom<RedisWorkerOptions['onEvent']>((v) => typeof v === 'function', 'a function').optional(),
    password: z.string().min(1).optional(),
    maxBatchBytes: z.number().int().min(1024).max(1024 ** 3).optional(),
  })
  .strict()
  .refine((o) => o.results !== undefined || o.onResult !== undefined, { message: 'Give a results stream (results) or a callback (onResult), or both.', path: ['results'] });

/** Counters since `start()`. */
export interface RedisWorkerStats {
  /** New entries read. */
  read: number;
  /** Entries claimed from other consumers (or re-read from this one's own pending list). */
  claimed: number;
  /** Results written (and acknowledged). */
  classified: number;
  /** Entries acknowledged: results, dead letters and deleted entries. */
  acked: number;
  deadLettered: number;
  /** Batches that failed as a whole (model or Redis errors); their entries stay pending. */
  failedBatches: number;
}

/** A running worker. */
export interface RedisWorker {
  readonly consumer: string;
  readonly stats: Readonly<RedisWorkerStats>;
  /** Connects, creates the group when missing, and starts consuming. Throws `UNAVAILABLE` when Redis cannot be reached. */
  start(): Promise<void>;
  /** Finishes the batch in hand (results written and acknowledged), then disconnects. */
  stop(): Promise<RedisWorkerStats>;
  /** Settles when the worker has stopped. */
  readonly done: Promise<RedisWorkerStats>;
}

interface Entry {
  id: string;
  /** The fields as read, byte for byte; null for an entry deleted while pending. */
  fields: Buffer[] | null;
}

let instances = 0;

const str = (b: Buffer | string): string => (typeof b === 'string' ? b : b.toString('utf8'));

/** XREADGROUP reply (RESP2, as bytes): null, or [[stream, [[id, fields], ...]]]. */
function entriesOf(reply: unknown): Entry[] {
  if (!Array.isArray(reply)) return [];
  const out: Entry[] = [];
  for (const s of reply as [Buffer, [Buffer, Buffer[] | null][]][]) for (const [id, fields] of s[1] ?? []) out.push({ id: str(id), fields });
  return out;
}

/** The fields as text (UTF-8), for reading `id` and `text`. */
function fieldsToRecord(fields: Buffer[]): Record<string, string> {
  const rec: Record<string, string> = Object.create(null) as Record<string, string>; // a field may be called "__proto__"
  for (let i = 0; i + 1 < fields.length; i += 2) rec[str(fields[i]!)] = str(fields[i + 1]!);
  return rec;
}

const entryBytes = (e: Entry): number => (e.fields ?? []).reduce((n, f) => n + f.length, e.id.length);

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
 * A Redis URL with its password replaced by `***`: in the user-info (\`user:p@ss@host\`, up to the
 * last \`@\`) and in a \`password\` query parameter.
 * @example redactUrl('redis://user:p@ss@host:6379/0?password=x') // 'redis://user:***@host:6379/0?password=***'
 */
export function redactUrl(url: string): string {
  const q = url.search(/[?#]/);
  let head = q === -1 ? url : url.slice(0, q);
  const tail = q === -1 ? '' : url.slice(q);
  const at = head.lastIndexOf('@');
  const scheme = head.indexOf('//');
  if (at !== -1 && scheme !== -1 && at > scheme) {
    const info = head.slice(scheme + 2, at);
    const colon = info.indexOf(':');
    head = `${head.slice(0, scheme + 2)}${colon === -1 ? '***' : `${info.slice(0, colon)}:***`}${head.slice(at)}`;
  }
  return head + tail.replace(/([?&](?:password|pass|pwd|auth)=)[^&#]*/gi, '$1***');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref?.());

/**
 * Creates a worker; `start()` it.
 * @example
 * const worker = createRedisWorker({
 *   redis: 'redis://127.0.0.1:6379', stream: 'posts', group: 'moderators',
 *   results: 'verdicts', scannerOptions: { model: false },
 *   onEvent: (e) => e.type === 'dead-letter' && console.warn(e.entryId, e.reason),
 * });
 * await worker.start();
 * process.once('SIGTERM', () => void worker.stop());
 * await worker.done;
 */
export function createRedisWorker(options: RedisWorkerOptions): RedisWorker {
  const o = parseOptions(RedisWorkerOptionsSchema, options, 'Redis worker');
  const consumer = o.consumer ?? `${hostname()}-${process.pid}-${++instances}`;
  const deadLetter = o.deadLetter ?? `${o.stream}-dead`;
  const maxAttempts = o.maxAttempts ?? 3;
  const claimIdleMs = o.claimIdleMs ?? 30_000;
  const claimEvery = Math.max(50, Math.min(5_000, Math.floor(claimIdleMs / 2)));
  const batchSize = o.batchSize ?? 64;
  const blockMs = o.blockMs ?? 2_000;
  const maxBatchBytes = o.maxBatchBytes ?? 8 * 1024 * 1024;
  let avgEntryBytes = 0; // measured: reads ask for as many entries as fit in maxBatchBytes
  const readCount = (): number => (avgEntryBytes ? Math.max(1, Math.min(batchSize, Math.floor(maxBatchBytes / avgEntryBytes))) : Math.min(batchSize, 16));
  const measure = (entries: Entry[]): void => {
    if (!entries.length) return;
    const avg = entries.reduce((n, e) => n + entryBytes(e), 0) / entries.length;
    avgEntryBytes = avgEntryBytes ? Math.max(avg, 0.5 * avgEntryBytes + 0.5 * avg) : avg;
  };
  /** Why an entry's last write failed, for its dead letter (bounded). */
  const lastFailure = new Map<string, string>();
  const noteFailure = (entryId: string, why: string): void => {
    if (lastFailure.size >= 10_000) lastFailure.delete(lastFailure.keys().next().value!);
    lastFailure.set(entryId, why);
  };
  const classifier: BatchClassifier = o.scanner ?? createScanner(o.scannerOptions as ScannerOptions | undefined);
  const emit = (e: RedisWorkerEvent): void => {
    try {
      o.onEvent?.(e);
    } catch {
      // a listener's failure is not the worker's
    }
  };
  const stats: RedisWorkerStats = { read: 0, claimed: 0, classified: 0, acked: 0, deadLettered: 0, failedBatches: 0 };

  // RESP2 replies (the shapes parsed here); a short disconnectTimeout so a failed socket does not hold the process open.
  const base: RedisOptions = { lazyConnect: true, protocol: 2, disconnectTimeout: 200, ...(o.password !== undefined ? { password: o.password } : {}) };
  const RedisClient = redisClass();
  const make = (): Redis =>
    isClient(o.redis) ? o.redis.duplicate(base) : typeof o.redis === 'string' ? new RedisClient(o.redis, base) : new RedisClient({ ...(o.redis as RedisOptions), ...base });
  // Two connections: one sits in blocking reads, the other writes results and acknowledgements.
  const cmd = make();
  const reader = make();
  cmd.defineCommand('smugglescanWriteAck', { numberOfKeys: 2, lua: WRITE_AND_ACK });
  const writeAck = (p: ReturnType<Redis['pipeline']>, key: string, args: (string | Buffer)[]): void => {
    (p as unknown as { smugglescanWriteAck(...a: (string | Buffer)[]): void }).smugglescanWriteAck(key, o.stream, ...args);
  };
  let lastRedisError = '';
  for (const c of [cmd, reader]) {
    c.on('error', (e: Error) => {
      lastRedisError = e.message;
      if (started && !stopping) emit({ type: 'error', during: 'connection', error: e });
    });
  }

  let started = false;
  let stopping = false;
  let reading = false;
  let readerId: unknown;
  let loop: Promise<void> | undefined;
  let resolveDone!: (s: RedisWorkerStats) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<RedisWorkerStats>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  done.catch(() => undefined);

  async function ensureGroup(): Promise<void> {
    try {
      await cmd.call('XGROUP', 'CREATE', o.stream, o.group, o.groupStart ?? '0', 'MKSTREAM');
    } catch (e) {
      if (!/BUSYGROUP/.test((e as Error).message)) throw e;
    }
  }

  async function deliveriesOf(entries: Entry[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (!entries.length) return counts;
    const rows = (await cmd.call('XPENDING', o.stream, o.group, entries[0]!.id, entries[entries.length - 1]!.id, entries.length, consumer)) as [string, string, number, number][];
    for (const [id, , , n] of rows) counts.set(id, Number(n));
    return counts;
  }

  /** Classifies posts; a batch that fails as a whole is retried post by post, so one poison post fails alone. */
  type Outcome = ClassificationResult | { error: string } | { thrown: unknown };
  async function classifyIsolated(good: { id: string; text: string }[]): Promise<Outcome[]> {
    const asOut = (r: Awaited<ReturnType<BatchClassifier['classifyBatchSettled']>>[number]): Outcome =>
      isErrorRecord(r) ? { error: `${r.error.code}: ${r.error.message}` } : r;
    try {
      return (await classifier.classifyBatchSettled(good.map((g) => ({ id: g.id, text: g.text })))).map(asOut);
    } catch (e) {
      if (good.length === 1) throw e;
      emit({ type: 'error', during: `classifying a batch of ${good.length} (retrying entry by entry)`, error: e instanceof Error ? e : new Error(String(e)) });
    }
    const out: Outcome[] = [];
    for (const g of good) {
      try {
        out.push(asOut((await classifier.classifyBatchSettled([{ id: g.id, text: g.text }]))[0]!));
      } catch (e) {
        out.push({ thrown: e }); // fails even alone: stays pending
      }
    }
    return out;
  }

  /** Classifies, writes and acknowledges one batch. `redelivered`: entries that may have been delivered before. */
  async function handle(entries: Entry[], redelivered: boolean): Promise<void> {
    const counts = redelivered ? await deliveriesOf(entries) : new Map<string, number>();
    const gone: string[] = [];
    const dead: { entryId: string; fields: Buffer[]; reason: string; deliveries: number }[] = [];
    const good: { entryId: string; id: string; text: string; fields: Buffer[] }[] = [];
    for (const e of entries) {
      if (!e.fields) {
        gone.push(e.id); // deleted from the stream while pending: nothing left to do
        continue;
      }
      const rec = fieldsToRecord(e.fields);
      const deliveries = counts.get(e.id) ?? 1;
      if (deliveries > maxAttempts) {
        const last = lastFailure.get(e.id);
        dead.push({ entryId: e.id, fields: e.fields, deliveries, reason: `delivered ${deliveries} times without being acknowledged (max attempts ${maxAttempts}); ${last ? `last failure: ${last}` : 'it may crash or stall workers'}` });
      } else if (typeof rec.text !== 'string') {
        dead.push({ entryId: e.id, fields: e.fields, deliveries, reason: `unreadable: the entry has no "text" field (fields: ${Object.keys(rec).slice(0, 10).join(', ') || 'none'})` });
      } else {
        good.push({ entryId: e.id, id: rec.id !== undefined && rec.id !== '' ? rec.id : e.id, text: rec.text, fields: e.fields });
      }
    }

    let batchError: unknown;
    const ok: RedisResult[] = [];
    if (good.length) {
      try {
        const settled = await classifyIsolated(good);
        settled.forEach((r, i) => {
          const g = good[i]!;
          if ('thrown' in r) {
            batchError ??= r.thrown; // stays pending: retried, then dead-lettered
            noteFailure(g.entryId, `classification failed: ${(r.thrown as Error)?.message ?? String(r.thrown)}`);
          } else if ('risk' in r) ok.push({ entryId: g.entryId, id: g.id, result: r });
          else dead.push({ entryId: g.entryId, fields: g.fields, deliveries: counts.get(g.entryId) ?? 1, reason: r.error });
        });
      } catch (e) {
        batchError = e; // leave them pending: retried after claimIdleMs, dead-lettered after maxAttempts
        for (const g of good) noteFailure(g.entryId, `classification failed: ${(e as Error)?.message ?? String(e)}`);
      }
    }

    const written: RedisResult[] = [];
    for (const r of ok) {
      if (o.onResult) {
        try {
          await o.onResult(r);
        } catch (e) {
          noteFailure(r.entryId, `onResult threw: ${(e as Error)?.message ?? String(e)}`);
          emit({ type: 'error', during: `onResult for entry ${r.entryId}`, error: e instanceof Error ? e : new Error(String(e)) });
          continue; // not acknowledged: it will be delivered again
        }
      }
      written.push(r);
    }

    // One script per entry: its write and its XACK together, or neither.
    type Job = { entryId: string; kind: 'gone' | 'dead' | 'result'; dead?: (typeof dead)[number] };
    const jobs: Job[] = [];
    if (gone.length || dead.length || written.length) {
      const p = cmd.pipeline();
      for (const entryId of gone) {
        writeAck(p, '', [o.group, entryId, '']);
        jobs.push({ entryId, kind: 'gone' });
      }
      for (const d of dead) {
        writeAck(p, deadLetter, [o.group, d.entryId, '', ...d.fields, 'reason', d.reason, 'entry', d.entryId, 'stream', o.stream, 'group', o.group, 'consumer', consumer, 'deliveries', String(d.deliveries)]);
        jobs.push({ entryId: d.entryId, kind: 'dead', dead: d });
      }
      for (const r of written) {
        writeAck(p, o.results ?? '', [o.group, r.entryId, o.resultsMaxLen ? String(o.resultsMaxLen) : '', 'id', r.id, 'result', JSON.stringify(r.result), 'entry', r.entryId]);
        jobs.push({ entryId: r.entryId, kind: 'result' });
      }
      const replies = (await p.exec()) ?? [];
      let writeError: Error | undefined;
      jobs.forEach((job, i) => {
        const [err, acked] = replies[i] ?? [new Error('no reply')];
        if (err) {
          // Not acknowledged: the entry stays pending, is retried, and is dead-lettered with this reason.
          writeError ??= err;
          noteFailure(job.entryId, `writing its ${job.kind === 'dead' ? 'dead letter' : 'result'} failed: ${err.message}`);
          emit({ type: 'error', during: `writing entry ${job.entryId}`, error: err });
          return;
        }
        lastFailure.delete(job.entryId);
        stats.acked += Number(acked ?? 0);
        if (job.kind === 'result') stats.classified++;
        if (job.kind === 'dead') {
          stats.deadLettered++;
          const d = job.dead!;
          emit({ type: 'dead-letter', entryId: d.entryId, id: fieldsToRecord(d.fields).id ?? null, reason: d.reason });
        }
      });
      if (writeError && batchError === undefined) batchError = writeError;
    }
    if (batchError !== undefined) throw batchError;
  }

  /** Handles entries in batches of at most maxBatchBytes (at least one entry each); a failed batch does not stop the next. */
  async function handleAll(entries: Entry[], redelivered: boolean): Promise<void> {
    let firstError: unknown;
    for (let i = 0; i < entries.length; ) {
      let bytes = entryBytes(entries[i]!);
      let j = i + 1;
      while (j < entries.length && bytes + entryBytes(entries[j]!) <= maxBatchBytes) bytes += entryBytes(entries[j++]!);
      try {
        await handle(entries.slice(i, j), redelivered);
      } catch (e) {
        firstError ??= e;
      }
      i = j;
    }
    if (firstError !== undefined) throw firstError;
  }

  async function run(): Promise<void> {
    let ownCursor: string | null = '0'; // first, entries delivered to this consumer name earlier and never acknowledged
    let claimCursor = '0-0';
    let nextClaim = 0;
    let backoff = 0;
    while (!stopping) {
      try {
        if (ownCursor !== null) {
          const own = entriesOf(await cmd.callBuffer('XREADGROUP', 'GROUP', o.group, consumer, 'COUNT', readCount(), 'STREAMS', o.stream, ownCursor));
          measure(own);
          if (!own.length) {
            ownCursor = null;
            continue;
          }
          ownCursor = own[own.length - 1]!.id;
          stats.claimed += own.length;
          await handleAll(own, true);
        } else if (Date.now() >= nextClaim) {
          const [nextRaw, claimed] = (await cmd.callBuffer('XAUTOCLAIM', o.stream, o.group, consumer, claimIdleMs, claimCursor, 'COUNT', readCount())) as [Buffer, [Buffer, Buffer[] | null][]];
          const next = str(nextRaw);
          claimCursor = next;
          if (next === '0-0') nextClaim = Date.now() + claimEvery;
          const entries: Entry[] = (claimed ?? []).map(([id, fields]) => ({ id: str(id), fields }));
          measure(entries);
          if (entries.length) {
            stats.claimed += entries.length;
            emit({ type: 'claimed', count: entries.length });
            await handleAll(entries, true);
          }
        } else {
          reading = true;
          const block = Math.max(1, Math.min(blockMs, nextClaim - Date.now()));
          let reply: unknown;
          try {
            reply = await reader.callBuffer('XREADGROUP', 'GROUP', o.group, consumer, 'COUNT', readCount(), 'BLOCK', block, 'STREAMS', o.stream, '>');
          } finally {
            reading = false;
          }
          // Even when stopping: entries this read got are ours now, so finish them.
          const entries = entriesOf(reply);
          measure(entries);
          if (entries.length) {
            stats.read += entries.length;
            await handleAll(entries, false);
          }
        }
        backoff = 0;
      } catch (e) {
        if (stopping) break;
        const error = e instanceof Error ? e : new Error(String(e));
        if (/NOGROUP/.test(error.message)) await ensureGroup().catch(() => undefined);
        else stats.failedBatches++;
        emit({ type: 'error', during: 'processing', error });
        backoff = Math.min(5_000, backoff ? backoff * 2 : 100);
        await sleep(backoff);
      }
    }
  }

  return {
    consumer,
    stats,
    done,
    async start() {
      if (started) return;
      if (stopping) throw new SmuggleScanError('CLOSED', 'This worker was stopped; create another with createRedisWorker().');
      try {
        await cmd.connect();
        await reader.connect();
        readerId = await reader.call('CLIENT', 'ID').catch(() => undefined);
      } catch (e) {
        cmd.disconnect();
        reader.disconnect();
        const where = typeof o.redis === 'string' ? redactUrl(o.redis) : 'the configured Redis';
        const why = lastRedisError || (e as Error).message;
        throw new SmuggleScanError('UNAVAILABLE', `Cannot reach Redis at ${where}: ${typeof o.redis === 'string' ? why.split(o.redis).join(where) : why}. Start redis-server or fix the URL (--redis) and the password (--redis-password-file or SMUGGLESCAN_REDIS_PASSWORD).`);
      }
      await ensureGroup();
      started = true;
      loop = run().then(
        () => resolveDone({ ...stats }),
        (e: unknown) => rejectDone(e),
      );
    },
    async stop() {
      stopping = true;
      // Cut a blocking read short: CLIENT UNBLOCK makes it return empty, as on a timeout, so no
      // entry is delivered and then dropped. Where CLIENT is not allowed, the read ends within blockMs.
      if (reading && readerId !== undefined) await cmd.call('CLIENT', 'UNBLOCK', String(readerId)).catch(() => undefined);
      await loop;
      await Promise.allSettled([cmd, reader].map((c) => (c.status === 'ready' ? c.quit() : Promise.resolve())));
      cmd.disconnect();
      reader.disconnect();
      if (!started) resolveDone({ ...stats });
      return { ...stats };
    },
  };
}
