/**
 * `smugglescan playground`: serves the playground page (inference in the page; the server only
 * hands out static files). Prints `listening on URL`; SIGINT/SIGTERM stops it (exit 0).
 * With --out DIR it writes the same files into DIR instead (what `npm run playground` does).
 * @module
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { servePlayground, writePlayground } from '../playground/serve.js';
import { intOption, untilSignal } from './args.js';

const HELP = `smugglescan playground: a page that classifies posts in the browser

Usage: smugglescan playground [options]
  --port N        port (default 8788; 0 picks a free one)
  --host HOST     address to bind (default 127.0.0.1)
  --model DIR     serve another model folder (transformers.js layout, int8 onnx/model_quantized.onnx)
  --out DIR       write the static site into DIR instead of serving it

The page loads the model and onnxruntime-web's WebAssembly from this server and runs them in the
browser: nothing typed or dropped into it is sent anywhere. The wasm is read from the installed
onnxruntime-web (npm install onnxruntime-web@1.14.0 where it is missing).
`;

/** Runs the subcommand; resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      model: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const modelPath = values.model ? { modelPath: resolve(values.model) } : {};
  if (values.out) {
    const out = resolve(values.out);
    const files = writePlayground(out, modelPath);
    process.stdout.write(`wrote ${files.length} files to ${out} (serve the folder over http; open index.html)\n`);
    return 0;
  }
  const port = intOption('--port', values.port, 0, 65535, 8788);
  const { server, url } = await servePlayground({ host: values.host, port, ...modelPath });
  process.stdout.write(`listening on ${url}\n`);
  await untilSignal();
  await new Promise<void>((done) => server.close(() => done()));
  return 0;
}
