/**
 * The `smugglescan` command. Subcommands: classify, bench, serve, worker, cluster.
 * @module
 */
import { parseArgs } from 'node:util';
import { SmuggleScanError } from '../errors.js';
import { VERSION } from '../version.js';
import { runClassify } from './classify.js';
import { DEFAULT_MAX_LINE_BYTES, FORMATS, type Format } from './records.js';

const HELP = `smugglescan: find people-smuggling adverts in social-media posts (${VERSION})

Usage:
  smugglescan classify [options]     classify posts; one JSON line per input record
  smugglescan bench --data FILE      evaluate on your labelled posts and write a report
  smugglescan serve [--port N]       HTTP sidecar (POST /v1/classify)
  smugglescan worker --redis URL     Redis Streams worker
  smugglescan cluster --input FILE   group adverts into campaigns (shared contacts, templates)
  smugglescan playground [--port N]  a page that classifies posts in the browser
  smugglescan --help | --version

classify options:
  --input FILE           read posts from FILE (default: standard input)
  --format jsonl|csv|text
                         jsonl: one JSON object per line (or a JSON string);
                         csv: a header row, quoting and BOM handled;
                         text: one post per line.
                         Default: from the file extension, else jsonl.
  --text-field NAME      field holding the post (default: text)
  --id-field NAME        field holding the id, echoed in the output (default: id)
  --no-model             rules only (no transformer)
  --model DIR            use another model folder (transformers.js layout)
  --thresholds FILE      JSON {"review": 0.5, "remove": 0.8, "labels": {"fake_documents": 0.6}}
  --table                print a readable table instead of JSON lines
  --batch-size N         posts per batch (default 64 in one thread, 512 with workers)
  --max-line-bytes N     longest input line (default 1048576); a longer one gives an error line
  --workers auto|N       worker threads (default auto: one per core; 1 = in-process; needs piscina)
  --quiet, -q            no progress line on stderr (shown only when stderr is a terminal)

Output: one line per input record, in input order:
  {"id": ..., "risk": 0.94, "decision": "remove", "labels": {...}, "language": {...},
   "evidence": [{"label", "source", "rule", "start", "end", "text", "weight"}], ...}
A record that cannot be read gives {"id": ..., "line": N, "error": {"code", "message"}}.
Exit codes: 0 all classified, 2 some records failed, 1 usage or setup error, 130 interrupted.

bench options (see "smugglescan bench --help"):
  --data FILE            labelled posts, JSONL or CSV
  --label-field NAME     binary advert label (default: advert)
  --labels-field NAME    multi-labels (default: labels)
  --lang-field, --kind-field, --id-field, --text-field NAME
  --out DIR              report folder (default: bench-out)
  --no-model, --model DIR, --thresholds FILE, --limit N
`;

/** Subcommands in their own modules, loaded only when used. */
const SUBCOMMANDS: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  bench: () => import('./bench.js'),
  serve: () => import('./serve.js'),
  worker: () => import('./worker.js'),
  cluster: () => import('./cluster.js'),
  playground: () => import('./playground.js'),
};

function fail(message: string): number {
  process.stderr.write(`smugglescan: ${message}\nRun "smugglescan --help" for usage.\n`);
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 1;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command === 'classify') {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        input: { type: 'string' },
        format: { type: 'string' },
        'text-field': { type: 'string', default: 'text' },
        'id-field': { type: 'string', default: 'id' },
        'no-model': { type: 'boolean', default: false },
        model: { type: 'string' },
        thresholds: { type: 'string' },
        table: { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
        'max-line-bytes': { type: 'string' },
        workers: { type: 'string', default: 'auto' },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (values.format && !(FORMATS as readonly string[]).includes(values.format)) {
      return fail(`--format must be one of ${FORMATS.join(', ')} (got "${values.format}").`);
    }
    const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 4096)) {
      return fail(`--batch-size must be an integer from 1 to 4096 (got "${values['batch-size']}").`);
    }
    const maxLineBytes = values['max-line-bytes'] === undefined ? DEFAULT_MAX_LINE_BYTES : Number(values['max-line-bytes']);
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 16 || maxLineBytes > 256 * 1024 * 1024) {
      return fail(`--max-line-bytes must be an integer from 16 to 268435456 (got "${values['max-line-bytes']}").`);
    }
    const workers = values.workers === 'auto' ? 'auto' : Number(values.workers);
    if (workers !== 'auto' && (!Number.isInteger(workers) || workers < 1 || workers > 64)) {
      return fail(`--workers must be auto or an integer from 1 to 64 (got "${values.workers}").`);
    }
    return runClassify({
      workers,
      quiet: values.quiet,
      ...(values.input ? { input: values.input } : {}),
      ...(values.format ? { format: values.format as Format } : {}),
      textField: values['text-field'],
      idField: values['id-field'],
      model: !values['no-model'],
      ...(values.model ? { modelPath: values.model } : {}),
      ...(values.thresholds ? { thresholds: values.thresholds } : {}),
      table: values.table,
      ...(batchSize === undefined ? {} : { batchSize }),
      maxLineBytes,
    });
  }
  const sub = SUBCOMMANDS[command];
  if (sub) return (await sub()).run(rest);
  return fail(`unknown command "${command}".`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof SmuggleScanError) {
      process.stderr.write(`smugglescan: ${e.code}: ${e.message}\n`);
    } else if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`smugglescan: ${e.message}\nRun "smugglescan --help" for usage.\n`);
    } else {
      process.stderr.write(`smugglescan: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    }
    process.exitCode = 1;
  },
);
