/**
 * The playground's files and its static server (Node). One list of files serves both
 * `smugglescan playground` (from the package: dist/browser, the shipped model, onnxruntime-web's
 * wasm from node_modules) and `npm run playground` (the same files copied into one folder).
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SmuggleScanError } from '../errors.js';
import { defaultModelPath } from '../model/index.js';
import { VERSION } from '../version.js';
import { PLAYGROUND_CSP, PLAYGROUND_PATHS, playgroundCss, playgroundHtml } from './page.js';

/** The onnxruntime-web release bundled into dist/browser: its wasm must be the same release. */
export const ORT_WEB_VERSION = '1.14.0';
/** The wasm files served: SIMD (every current browser) and plain (older ones). One thread, so no threaded builds. */
export const ORT_WASM_FILES = ['ort-wasm-simd.wasm', 'ort-wasm.wasm'] as const;
/** The model files the page fetches (the int8 model). */
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'] as const;

/** One file of the site: its bytes come from a file on disk or from a string. */
export type SiteFile = { path: string; type: string } & ({ file: string } | { body: string });

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};
const typeOf = (p: string): string => TYPES[p.slice(p.lastIndexOf('.'))] ?? 'application/octet-stream';

/** The package root (holds package.json named smugglescan), from src/playground or dist. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'smugglescan') return dir;
  }
  throw new SmuggleScanError('UNAVAILABLE', 'Could not find the smugglescan package folder (package.json) above the playground module.');
}

/** onnxruntime-web's dist folder, checked to be the release the browser build bundles. */
export function ortWasmDir(): string {
  const req = createRequire(import.meta.url);
  let pj: string;
  try {
    pj = req.resolve('onnxruntime-web/package.json');
  } catch {
    throw new SmuggleScanError(
      'DEPENDENCY_MISSING',
      `The playground serves onnxruntime-web's WebAssembly (about 10 MB, not shipped in the smugglescan package). Fix: npm install onnxruntime-web@${ORT_WEB_VERSION}`,
    );
  }
  const version = (JSON.parse(readFileSync(pj, 'utf8')) as { version: string }).version;
  if (version !== ORT_WEB_VERSION) {
    throw new SmuggleScanError('DEPENDENCY_MISSING', `The playground needs onnxruntime-web ${ORT_WEB_VERSION} (the release in its bundle), found ${version} at ${dirname(pj)}. Fix: npm install onnxruntime-web@${ORT_WEB_VERSION}`);
  }
  return join(dirname(pj), 'dist');
}

/**
 * Every file of the playground site, by URL path (without the leading slash).
 * @example playgroundFiles().map((f) => f.path) // ['index.html', 'style.css', 'browser/playground.js', ...]
 */
export function playgroundFiles(options: { modelPath?: string } = {}): SiteFile[] {
  const root = packageRoot();
  const browserDir = join(root, 'dist', 'browser');
  if (!existsSync(join(browserDir, 'playground.js'))) {
    throw new SmuggleScanError('UNAVAILABLE', `The browser build is missing (${join(browserDir, 'playground.js')}). Fix: npm run build`);
  }
  const modelDir = options.modelPath ?? defaultModelPath();
  const missing = MODEL_FILES.filter((f) => !existsSync(join(modelDir, f)));
  if (missing.length) throw new SmuggleScanError('MODEL_NOT_FOUND', `The model folder ${modelDir} lacks ${missing.join(', ')}.`);
  const wasmDir = ortWasmDir();
  return [
    { path: 'index.html', type: typeOf('.html'), body: playgroundHtml(VERSION) },
    { path: PLAYGROUND_PATHS.css, type: typeOf('.css'), body: playgroundCss() },
    ...readdirSync(browserDir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => ({ path: `browser/${f}`, type: typeOf(f), file: join(browserDir, f) })),
    ...MODEL_FILES.map((f) => ({ path: `${PLAYGROUND_PATHS.model}${f}`, type: typeOf(f), file: join(modelDir, f) })),
    ...ORT_WASM_FILES.map((f) => ({ path: `${PLAYGROUND_PATHS.wasm}${f}`, type: typeOf(f), file: join(wasmDir, f) })),
  ];
}

/**
 * Writes the site into a folder that any static server can serve.
 * @example writePlayground('playground-site') // ['index.html', ...]
 */
export function writePlayground(outDir: string, options: { modelPath?: string } = {}): string[] {
  const files = playgroundFiles(options);
  for (const f of files) {
    const target = join(outDir, ...f.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    if ('file' in f) copyFileSync(f.file, target);
    else writeFileSync(target, f.body);
  }
  return files.map((f) => f.path);
}

/**
 * Serves the site: only its own files (GET and HEAD), with the page's Content-Security-Policy.
 * Resolves once listening, to the server and its URL.
 * @example const { url, server } = await servePlayground({ port: 0 }); server.close()
 */
export async function servePlayground(options: { host?: string; port?: number; modelPath?: string } = {}): Promise<{ server: Server; url: string }> {
  const files = new Map(playgroundFiles(options).map((f) => [`/${f.path}`, f]));
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    // The browser build's chunk names change with each build: look them up when asked.
    const chunk = /^\/browser\/[\w.-]+\.js$/.test(path) ? join(packageRoot(), 'dist', path) : null;
    const f = files.get(path === '/' ? '/index.html' : path) ?? (chunk && existsSync(chunk) ? { path, type: typeOf('.js'), file: chunk } : undefined);
    const headers: Record<string, string> = {
      'Content-Security-Policy': PLAYGROUND_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed\n');
      return;
    }
    if (!f) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    const body = 'file' in f ? readFileSync(f.file) : Buffer.from(f.body);
    res.writeHead(200, { ...headers, 'Content-Type': f.type, 'Content-Length': String(body.byteLength) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { server, url: `http://${shown}:${port}/` };
}
