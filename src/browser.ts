/**
 * smugglescan in the browser: the same pipeline and result shape as in Node, with the model
 * loaded from a base URL and run by onnxruntime-web (WebAssembly). No Node built-ins.
 *
 * @example
 * import { createBrowserScanner } from 'smugglescan/browser';
 * const scanner = await createBrowserScanner({ baseUrl: '/models/smugglescan-mini/', wasmPaths: '/ort/' });
 * const r = await scanner.classify('Boat to UK 🇬🇧 3 places left, WhatsApp +44 7700 900123');
 * r.risk; r.decision; r.evidence
 * @module
 */
import { loadBrowserModel, type BrowserModelOptions } from './model/browser.js';
import { createScanner, type Scanner, type ScannerOptions } from './scanner.js';

export * from './taxonomy.js';
export * from './types.js';
export { SmuggleScanError, type ErrorCode, type Issue } from './errors.js';
export { createScanner, ScannerOptionsSchema, type Scanner, type ScannerOptions, type PostInput } from './scanner.js';
export { normalize, originalSpan, foldTerm, type Normalized } from './normalize/index.js';
export { detectLanguage } from './language/index.js';
export { loadRules, safeLoadRules, builtinRules, builtinPacks, analyzeRules, RuleSet, RulePackSchema, type RulePack, type Rule, type RuleAnalysis } from './rules/index.js';
export { modelText, MODEL_HEADS, createScorer, headOrder, type ModelScorer } from './model/scorer.js';
export { loadBrowserModel, type BrowserModelOptions } from './model/browser.js';
export { fuse, decide, DEFAULT_THRESHOLDS, type Thresholds, type ModelScores, type FusionWeights } from './fuse/index.js';
export { VERSION } from './version.js';

/** Options of {@link createBrowserScanner}: the model's URLs, or `model: false`, plus the scanner's options. */
export type BrowserScannerOptions = Omit<ScannerOptions, 'model'> &
  (BrowserModelOptions | { model: false; baseUrl?: undefined; wasmPaths?: undefined });

/**
 * Loads the model from `baseUrl` (onnxruntime-web's wasm from `wasmPaths`) and builds a scanner
 * around it; with `model: false`, rules only and nothing is fetched.
 * @example const scanner = await createBrowserScanner({ baseUrl: '/models/smugglescan-mini/', wasmPaths: '/ort/', thresholds: { review: 0.4 } });
 */
export async function createBrowserScanner(options: BrowserScannerOptions): Promise<Scanner> {
  const { baseUrl, wasmPaths, quantized, batchSize, maxTokens, model: off, ...rest } = options as BrowserModelOptions & ScannerOptions;
  if (off === false) return createScanner({ ...rest, model: false });
  const model = await loadBrowserModel({ baseUrl, wasmPaths, ...(quantized === undefined ? {} : { quantized }), ...(batchSize ? { batchSize } : {}), ...(maxTokens ? { maxTokens } : {}) });
  return createScanner({ ...rest, model });
}
