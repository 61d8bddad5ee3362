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
 *
 * The options are in `options.ts`, the loop in `loop.ts`, one batch in `handle.ts`, the write and
 * acknowledgement script in `write-ack.ts`.
 * @module
 */
import { hostname } from 'node:os';
import type { Redis, RedisOptions } from 'ioredis';
import { SmuggleScanError } from '../../errors.js';
import { createScanner, type ScannerOptions } from '../../scanner.js';
import { parseOptions, type BatchClassifier } from '../common.js';
import { redisClass } from '../deps.js';
import { FailureLog, ReadSizer, type WorkerContext } from './context.js';
import { redactUrl } from './entries.js';
import { ensureGroup, runLoop } from './loop.js';
import { RedisWorkerOptionsSchema, isClient, type ParsedRedisWorkerOptions, type RedisWorker, type RedisWorkerEvent, type RedisWorkerOptions, type RedisWorkerStats } from './options.js';
import { defineWriteAck } from './write-ack.js';

export { redactUrl } from './entries.js';
export type { RedisResult, RedisWorker, RedisWorkerEvent, RedisWorkerOptions, RedisWorkerStats } from './options.js';

let instances = 0;

/** Two connections from the options: one sits in blocking reads, the other writes results and acknowledgements. */
function connect(o: ParsedRedisWorkerOptions): { cmd: Redis; reader: Redis } {
  // RESP2 replies (the shapes parsed here); a short disconnectTimeout so a failed socket does not hold the process open.
  const base: RedisOptions = { lazyConnect: true, protocol: 2, disconnectTimeout: 200, ...(o.password !== undefined ? { password: o.password } : {}) };
  const RedisClient = redisClass();
  const make = (): Redis =>
    isClient(o.redis) ? o.redis.duplicate(base) : typeof o.redis === 'string' ? new RedisClient(o.redis, base) : new RedisClient({ ...(o.redis as RedisOptions), ...base });
  const cmd = make();
  const reader = make();
  defineWriteAck(cmd);
  return { cmd, reader };
}

/** The worker's shared state, from its options. */
function makeContext(o: ParsedRedisWorkerOptions): WorkerContext {
  const consumer = o.consumer ?? `${hostname()}-${process.pid}-${++instances}`;
  const claimIdleMs = o.claimIdleMs ?? 30_000;
  const maxBatchBytes = o.maxBatchBytes ?? 8 * 1024 * 1024;
  const classifier: BatchClassifier = o.scanner ?? createScanner(o.scannerOptions as ScannerOptions | undefined);
  const { cmd, reader } = connect(o);
  return {
    o,
    consumer,
    deadLetter: o.deadLetter ?? `${o.stream}-dead`,
    maxAttempts: o.maxAttempts ?? 3,
    claimIdleMs,
    claimEvery: Math.max(50, Math.min(5_000, Math.floor(claimIdleMs / 2))),
    blockMs: o.blockMs ?? 2_000,
    maxBatchBytes,
    classifier,
    cmd,
    reader,
    stats: { read: 0, claimed: 0, classified: 0, acked: 0, deadLettered: 0, failedBatches: 0 },
    sizer: new ReadSizer(o.batchSize ?? 64, maxBatchBytes),
    failures: new FailureLog(),
    emit: (e: RedisWorkerEvent): void => {
      try {
        o.onEvent?.(e);
      } catch {
        // a listener's failure is not the worker's
      }
    },
    stopping: false,
    reading: false,
  };
}

/** The error for a Redis that cannot be reached, with the URL's password redacted. */
function unreachable(o: ParsedRedisWorkerOptions, why: string): SmuggleScanError {
  const where = typeof o.redis === 'string' ? redactUrl(o.redis) : 'the configured Redis';
  return new SmuggleScanError('UNAVAILABLE', `Cannot reach Redis at ${where}: ${typeof o.redis === 'string' ? why.split(o.redis).join(where) : why}. Start redis-server or fix the URL (--redis) and the password (--redis-password-file or SMUGGLESCAN_REDIS_PASSWORD).`);
}

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
  const ctx = makeContext(o);
  const { cmd, reader, stats } = ctx;
  let started = false;
  let readerId: unknown;
  let loop: Promise<void> | undefined;
  let lastRedisError = '';
  for (const c of [cmd, reader]) {
    c.on('error', (e: Error) => {
      lastRedisError = e.message;
      if (started && !ctx.stopping) ctx.emit({ type: 'error', during: 'connection', error: e });
    });
  }
  let resolveDone!: (s: RedisWorkerStats) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<RedisWorkerStats>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  done.catch(() => undefined);

  return {
    consumer: ctx.consumer,
    stats,
    done,
    async start() {
      if (started) return;
      if (ctx.stopping) throw new SmuggleScanError('CLOSED', 'This worker was stopped; create another with createRedisWorker().');
      try {
        await cmd.connect();
        await reader.connect();
        readerId = await reader.call('CLIENT', 'ID').catch(() => undefined);
      } catch (e) {
        cmd.disconnect();
        reader.disconnect();
        throw unreachable(o, lastRedisError || (e as Error).message);
      }
      await ensureGroup(ctx);
      started = true;
      loop = runLoop(ctx).then(
        () => resolveDone({ ...stats }),
        (e: unknown) => rejectDone(e),
      );
    },
    async stop() {
      ctx.stopping = true;
      // Cut a blocking read short: CLIENT UNBLOCK makes it return empty, as on a timeout, so no
      // entry is delivered and then dropped. Where CLIENT is not allowed, the read ends within blockMs.
      if (ctx.reading && readerId !== undefined) await cmd.call('CLIENT', 'UNBLOCK', String(readerId)).catch(() => undefined);
      await loop;
      await Promise.allSettled([cmd, reader].map((c) => (c.status === 'ready' ? c.quit() : Promise.resolve())));
      cmd.disconnect();
      reader.disconnect();
      if (!started) resolveDone({ ...stats });
      return { ...stats };
    },
  };
}
