/**
 * What `smugglescan/browser` gets in place of `src/model/index.ts` (Node: fs, path, crypto,
 * onnxruntime-node). In the browser a model is loaded from a base URL with `loadBrowserModel`
 * (or `createBrowserScanner`) and passed to `createScanner({ model: scorer })`.
 * @module
 */
import { SmuggleScanError } from '../../errors.js';
import type { ModelScorer } from '../scorer.js';

export { modelText, MODEL_HEADS, type ModelScorer } from '../scorer.js';

/** Not available in the browser: throws INVALID_OPTIONS with the fix. */
export function loadModel(_options: unknown = {}): Promise<ModelScorer> {
  return Promise.reject(
    new SmuggleScanError(
      'INVALID_OPTIONS',
      'In the browser a model cannot be loaded from a folder path. Fix: use createBrowserScanner({ baseUrl, wasmPaths }), or pass model: await loadBrowserModel({ baseUrl, wasmPaths }) or model: false to createScanner.',
    ),
  );
}
