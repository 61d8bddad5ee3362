/**
 * `smugglescan serve`: the HTTP sidecar. Prints `listening on URL` once it listens and `ready`
 * once the model is loaded; a model that cannot load ends it with exit code 1 (use --no-model for
 * rules only). SIGINT/SIGTERM: stops taking connections, answers the requests in hand, exits 0.
 * @module
 */
import { parseArgs } from 'node:util';
import { SmuggleScanError } from '../errors.js';
import { createServer } from '../adapters/server/index.js';
import { intOption, readSecret, untilSignal } from './args.js';
import { classifierFromFlags } from './classifier.js';

const HELP = `smugglescan serve: an HTTP sidecar for classifying posts

Usage: smugglescan serve [options]
  --port N             port (default 8787; 0 picks a free one)
  --host HOST          address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --no-model           rules only (no transformer)
  --model DIR          use another model folder
  --thresholds FILE    JSON {"review": 0.5, "remove": 0.8, "labels": {...}}
  --max-body SIZE      largest request body (default 1mb); larger bodies get 413
  --max-batch N        most posts in one {"posts": [...]} body (default 1000)
  --workers N          classify in N worker threads (default 0: in the server's thread)
  --max-pending N      posts in hand at once over all requests (default 10000); more get 503
                       with Retry-After
  --request-timeout-ms MS  longest time to receive one request (default 30000)
  --token-file FILE    require "Authorization: Bearer <token>" on /v1/classify and /metrics,
                       the token read from FILE (or from the SMUGGLESCAN_TOKEN environment
                       variable); never on the command line, where ps shows it
  --allowed-hosts LIST comma-separated Host names to answer to (default: loopback names when
                       bound to loopback, any otherwise; * for any)
  --log-level LEVEL    fatal, error, warn, info (default), debug, trace, or silent;
                       JSON lines on stdout

Routes:
  POST /v1/classify    {"text"} | {"id", "text"} | {"posts": [...]}  (JSON)
  GET  /healthz        200 while the process answers
  GET  /readyz         200 once the model is loaded, 503 before
  GET  /metrics        Prometheus text format
  GET  /openapi.json   OpenAPI 3.1 description
`;

/**
 * Runs `smugglescan serve` until SIGINT/SIGTERM; resolves to the exit code.
 * @example process.exitCode = await run(['--port', '8787', '--no-model']);
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'no-model': { type: 'boolean', default: false },
      model: { type: 'string' },
      thresholds: { type: 'string' },
      'max-body': { type: 'string', default: '1mb' },
      'max-batch': { type: 'string' },
      workers: { type: 'string' },
      'max-pending': { type: 'string' },
      'request-timeout-ms': { type: 'string' },
      'token-file': { type: 'string' },
      'allowed-hosts': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = intOption('--port', values.port, 0, 65535, 8787);
  const maxBatch = intOption('--max-batch', values['max-batch'], 1, 100_000, 1000);
  const workers = intOption('--workers', values.workers, 0, 512, 0);
  const { scanner, pool } = classifierFromFlags(values, workers);
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  const level = values['log-level'] as (typeof levels)[number];
  if (!levels.includes(level)) throw new SmuggleScanError('INVALID_OPTIONS', `--log-level must be one of ${levels.join(', ')} (got "${values['log-level']}").`);
  const token = readSecret('--token-file', values['token-file'], 'SMUGGLESCAN_TOKEN');
  const server = createServer({
    scanner,
    maxBody: values['max-body'],
    maxBatch,
    logger: level === 'silent' ? false : level,
    maxPendingPosts: intOption('--max-pending', values['max-pending'], 1, 10_000_000, 10_000),
    requestTimeoutMs: intOption('--request-timeout-ms', values['request-timeout-ms'], 1, 3_600_000, 30_000),
    ...(token !== undefined ? { token } : {}),
    ...(values['allowed-hosts'] ? { allowedHosts: values['allowed-hosts'].split(',').map((h) => h.trim()).filter(Boolean) } : {}),
  });
  const stop = async (): Promise<void> => {
    await server.close();
    await pool?.close();
  };
  let url: string;
  try {
    url = await server.listen({ port, host: values.host });
  } catch (e) {
    await pool?.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new SmuggleScanError('UNAVAILABLE', `Cannot listen on ${values.host}:${port} (${code}). Pick another --port or --host.`);
    }
    throw e;
  }
  const mode = values['no-model'] ? 'rules only' : 'loading the model';
  process.stdout.write(`smugglescan serve: listening on ${url} (${mode}${pool ? `, ${workers} worker threads` : ''})\n`);
  const signal = untilSignal();
  try {
    const info = await server.whenReady();
    process.stdout.write(`smugglescan serve: ready${info ? ` (model ${info.id} ${info.version})` : ''}\n`);
  } catch (e) {
    process.stderr.write(`smugglescan serve: the model could not be loaded: ${(e as Error).message}\n`);
    await stop();
    return 1;
  }
  const name = await signal;
  process.stdout.write(`smugglescan serve: ${name}: stopping\n`);
  await stop();
  return 0;
}
