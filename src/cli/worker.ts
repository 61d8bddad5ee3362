/**
 * `smugglescan worker`: a Redis Streams worker. Exits 0 after a graceful stop (SIGINT/SIGTERM:
 * the batch in hand is finished, written and acknowledged), 1 when Redis cannot be reached or the
 * model cannot load. Events (dead letters, claims, errors) go to stderr as JSON lines.
 * @module
 */
import { parseArgs } from 'node:util';
import { SmuggleScanError } from '../errors.js';
import type { BatchClassifier } from '../adapters/common.js';
import { createRedisWorker, redactUrl, type RedisWorker, type RedisWorkerOptions } from '../adapters/redis/index.js';
import { intOption, readSecret, untilSignal } from './args.js';
import { classifierFromFlags } from './classifier.js';

const HELP = `smugglescan worker: classify posts from a Redis stream through a consumer group

Usage: smugglescan worker --redis URL --stream NAME --group NAME [options]
  --redis URL          redis://[user@]host:port[/db]
  --redis-password-file FILE
                       the Redis password, read from FILE (or from the
                       SMUGGLESCAN_REDIS_PASSWORD environment variable); keep it out of the
                       URL, which ps shows and logs print (printed URLs are redacted)
  --max-batch-bytes N  about how many bytes of entries one batch holds (default 8388608)
  --stream NAME        input stream; entries carry fields "id" and "text"
  --group NAME         consumer group (created with MKSTREAM when missing)
  --consumer NAME      this worker's name in the group (default: <hostname>-<pid>);
                       keep it stable across restarts, unique across workers
  --results NAME       results stream: fields "id", "result" (JSON), "entry" (default verdicts)
  --dead-letter NAME   dead-letter stream (default <stream>-dead)
  --max-attempts N     deliveries before an entry is dead-lettered (default 3)
  --claim-idle-ms MS   claim other consumers' entries pending this long (default 30000)
  --batch-size N       entries per read and per batch (default 64)
  --block-ms MS        longest wait of one read (default 2000)
  --no-model           rules only (no transformer)
  --model DIR          use another model folder
  --thresholds FILE    JSON {"review": 0.5, "remove": 0.8, "labels": {...}}
  --workers N          classify in N worker threads (default 0: in this thread)
`;

/** Parses the flags (strictly: an unknown one is a usage error). */
function parseValues(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    options: {
      redis: { type: 'string' },
      'redis-password-file': { type: 'string' },
      'max-batch-bytes': { type: 'string' },
      stream: { type: 'string' },
      group: { type: 'string' },
      consumer: { type: 'string' },
      results: { type: 'string', default: 'verdicts' },
      'dead-letter': { type: 'string' },
      'max-attempts': { type: 'string' },
      'claim-idle-ms': { type: 'string' },
      'batch-size': { type: 'string' },
      'block-ms': { type: 'string' },
      'no-model': { type: 'boolean', default: false },
      model: { type: 'string' },
      thresholds: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
}

type Values = ReturnType<typeof parseValues>;

/** The Redis worker's options from the flags; events go to stderr as JSON lines, with the URL's password redacted. */
function workerOptions(values: Values, scanner: BatchClassifier): RedisWorkerOptions {
  const redact = (m: string): string => m.split(values.redis!).join(redactUrl(values.redis!));
  const log = (o: Record<string, unknown>): boolean => process.stderr.write(JSON.stringify(o) + '\n');
  const password = readSecret('--redis-password-file', values['redis-password-file'], 'SMUGGLESCAN_REDIS_PASSWORD');
  return {
    redis: values.redis!,
    ...(password !== undefined ? { password } : {}),
    maxBatchBytes: intOption('--max-batch-bytes', values['max-batch-bytes'], 1024, 1024 ** 3, 8 * 1024 * 1024),
    stream: values.stream!,
    group: values.group!,
    ...(values.consumer ? { consumer: values.consumer } : {}),
    results: values.results,
    ...(values['dead-letter'] ? { deadLetter: values['dead-letter'] } : {}),
    maxAttempts: intOption('--max-attempts', values['max-attempts'], 1, 1000, 3),
    claimIdleMs: intOption('--claim-idle-ms', values['claim-idle-ms'], 10, 86_400_000, 30_000),
    batchSize: intOption('--batch-size', values['batch-size'], 1, 10_000, 64),
    blockMs: intOption('--block-ms', values['block-ms'], 1, 600_000, 2_000),
    scanner,
    onEvent: (e) =>
      e.type === 'error'
        ? log({ event: 'error', during: e.during, message: redact(e.error.message) })
        : log({ event: e.type, ...Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'type')) }),
  };
}

/** Waits for the model, starts the worker and runs it until a signal or its end; resolves to the exit code. */
async function serve(values: Values, scanner: BatchClassifier, worker: RedisWorker): Promise<number> {
  try {
    await scanner.ready();
  } catch (e) {
    process.stderr.write(`smugglescan worker: the model could not be loaded: ${(e as Error).message}\n`);
    return 1;
  }
  const signal = untilSignal();
  await worker.start();
  process.stdout.write(
    `smugglescan worker: consumer ${worker.consumer} at ${redactUrl(values.redis!)} reading ${values.stream} as group ${values.group}; results to ${values.results}, dead letters to ${values['dead-letter'] ?? `${values.stream}-dead`}\n`,
  );
  const name = await Promise.race([signal, worker.done.then(() => null)]);
  if (name) process.stdout.write(`smugglescan worker: ${name}: finishing the batch in hand\n`);
  const stats = await worker.stop();
  process.stdout.write(`smugglescan worker: stopped ${JSON.stringify(stats)}\n`);
  return 0;
}

/**
 * Runs `smugglescan worker` until SIGINT/SIGTERM; resolves to the exit code.
 * @example process.exitCode = await run(['--redis', 'redis://127.0.0.1:6379', '--stream', 'posts', '--group', 'moderators']);
 */
export async function run(args: string[]): Promise<number> {
  const values = parseValues(args);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  for (const flag of ['redis', 'stream', 'group'] as const) {
    if (!values[flag]) throw new SmuggleScanError('INVALID_OPTIONS', `--${flag} is required (smugglescan worker --redis redis://127.0.0.1:6379 --stream posts --group moderators).`);
  }
  const workers = intOption('--workers', values.workers, 0, 512, 0);
  const { scanner, pool } = classifierFromFlags(values, workers);
  const worker = createRedisWorker(workerOptions(values, scanner));
  try {
    return await serve(values, scanner, worker);
  } finally {
    await worker.stop().catch(() => undefined);
    await pool?.close();
  }
}
