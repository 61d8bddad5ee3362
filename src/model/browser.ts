/**
 * Stage 4 in the browser: loads a model folder from a base URL with transformers.js and
 * onnxruntime-web (WebAssembly, one thread), and scores posts exactly as in Node
 * ({@link createScorer}). No Node built-ins; nothing is fetched from anywhere but the URLs given.
 * @module
 */
import { SmuggleScanError } from '../errors.js';
import type { ModelInfo } from '../types.js';
import { createScorer, defaultBatchSize, headOrder, type ClassifierLike, type ModelScorer, type TokenizerLike } from './scorer.js';

/** Options of {@link loadBrowserModel}. */
export interface BrowserModelOptions {
  /**
   * URL of the model folder: it serves `config.json`, `tokenizer.json`, `tokenizer_config.json`
   * and `onnx/model_quantized.onnx` (or `onnx/model.onnx` with `quantized: false`). A relative URL
   * is resolved against the page. Example: `'/models/smugglescan-mini/'`.
   */
  baseUrl: string | URL;
  /**
   * URL of the folder serving onnxruntime-web 1.14's `ort-wasm-simd.wasm` (and `ort-wasm.wasm` for
   * browsers without WebAssembly SIMD), on your own origin: there is no CDN default. Copy them from
   * `node_modules/onnxruntime-web/dist/`. Example: `'/ort/'`.
   */
  wasmPaths: string | URL;
  /** int8 `onnx/model_quantized.onnx` (default) or fp32 `onnx/model.onnx`. */
  quantized?: boolean;
  /** Posts per forward pass (default: 1 for the int8 model, 32 for fp32; see defaultBatchSize). */
  batchSize?: number;
  /** Tokens per post (default 128, as in Node). */
  maxTokens?: number;
}

const fix = 'Serve the model folder (config.json, tokenizer.json, tokenizer_config.json, onnx/) at baseUrl, or pass model: false to run rules only.';

/** An absolute folder URL (ending in `/`), resolved against the page when relative. */
function folderUrl(u: string | URL, name: string): URL {
  let url: URL;
  try {
    const base = (globalThis as { location?: { href: string } }).location?.href;
    url = base ? new URL(String(u), base) : new URL(String(u));
  } catch {
    throw new SmuggleScanError('INVALID_OPTIONS', `${name} "${String(u)}" is not a URL. Pass an absolute URL, or a path relative to the page such as "/models/smugglescan-mini/".`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

async function fetchBytes(url: URL): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    throw new SmuggleScanError('MODEL_NOT_FOUND', `Could not fetch ${url.href}: ${(e as Error).message}. ${fix}`);
  }
  if (!res.ok) throw new SmuggleScanError('MODEL_NOT_FOUND', `Fetching ${url.href} gave HTTP ${res.status}. ${fix}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> } } }).crypto?.subtle;
  // crypto.subtle exists only in secure contexts (https, localhost, 127.0.0.1).
  if (!subtle) return 'unavailable';
  const digest = await subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Serialises loads: transformers.js keeps its settings in a global. */
let loadChain: Promise<unknown> = Promise.resolve();

/**
 * Loads a model folder from a base URL in the browser. Resolves to a {@link ModelScorer} for
 * `createScanner({ model })`. Its `info.sha256` is that of the ONNX file, as in Node.
 * @example
 * const model = await loadBrowserModel({ baseUrl: '/models/smugglescan-mini/', wasmPaths: '/ort/' });
 * const scanner = createScanner({ model });
 */
export async function loadBrowserModel(options: BrowserModelOptions): Promise<ModelScorer> {
  if (!options || typeof options !== 'object') {
    throw new SmuggleScanError('INVALID_OPTIONS', 'loadBrowserModel needs { baseUrl, wasmPaths }: the model folder URL and the folder serving ort-wasm-simd.wasm.');
  }
  const base = folderUrl(options.baseUrl, 'baseUrl');
  const wasm = folderUrl(options.wasmPaths, 'wasmPaths');
  const quantized = options.quantized ?? true;
  const onnxName = quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
  const names = ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxName];
  const files = await Promise.all(names.map((n) => fetchBytes(new URL(n, base))));
  const [configBytes, , , onnx] = files as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  let config: { id2label?: Record<string, string>; smugglescan?: { version?: string } };
  try {
    config = JSON.parse(new TextDecoder().decode(configBytes)) as typeof config;
  } catch (e) {
    throw new SmuggleScanError('MODEL_INVALID', `${new URL('config.json', base).href} is not valid JSON (${(e as Error).message}). ${fix}`);
  }
  const order = headOrder(config, base.href);
  if (onnx.byteLength < 1024) {
    throw new SmuggleScanError('MODEL_INVALID', `${new URL(onnxName, base).href} is only ${onnx.byteLength} bytes: it is truncated or a Git LFS pointer. ${fix}`);
  }
  const id = decodeURIComponent(base.pathname.split('/').filter(Boolean).pop() ?? 'model');
  const info: ModelInfo = { id, version: config.smugglescan?.version ?? 'unknown', sha256: await sha256(onnx) };

  // transformers.js asks its cache for "<localModelPath><id>/<file>": a cache that answers with
  // the bytes fetched above means the files are fetched once, from baseUrl only.
  const byName = new Map(names.map((n, i) => [`${id}/${n}`, files[i]!]));
  const cache = {
    async match(key: string): Promise<Response | undefined> {
      for (const [suffix, bytes] of byName) if (String(key).endsWith(suffix)) return new Response(bytes.slice());
      return undefined;
    },
    async put(): Promise<void> {},
  };

  const run = loadChain.then(async () => {
    const tf = await import('@xenova/transformers');
    const env = tf.env as unknown as Record<string, unknown> & { backends: { onnx: { wasm: Record<string, unknown> } } };
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = new URL('..', base).href;
    env.useBrowserCache = false;
    env.useFSCache = false;
    env.useCustomCache = true;
    env.customCache = cache;
    // transformers.js defaults to a CDN here: never use it. One thread: no cross-origin isolation needed.
    env.backends.onnx.wasm.wasmPaths = wasm.href;
    env.backends.onnx.wasm.numThreads = 1;
    env.backends.onnx.wasm.proxy = false;
    try {
      const tokenizer = await tf.AutoTokenizer.from_pretrained(id);
      const model = await tf.AutoModelForSequenceClassification.from_pretrained(id, { quantized });
      return { tokenizer, model };
    } catch (e) {
      throw new SmuggleScanError('MODEL_INVALID', `transformers.js could not load the model at ${base.href} (onnxruntime-web wasm from ${wasm.href}): ${(e as Error).message}. ${fix}`);
    }
  });
  loadChain = run.catch(() => undefined);
  const { tokenizer, model } = await run;
  return createScorer(tokenizer as unknown as TokenizerLike, model as unknown as ClassifierLike, order, info, {
    batchSize: options.batchSize ?? defaultBatchSize(quantized),
    ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
  });
}
