/**
 * smugglescan: find people-smuggling adverts in social-media posts.
 *
 * @example
 * import { classify } from 'smugglescan';
 * const r = await classify({ id: 'p1', text: 'Speedboat 🚤 to UK this week, 4 places left, inbox' });
 * console.log(r.decision, r.risk, r.labels.crossing_offer, r.evidence);
 * @module
 */
import { createScanner, type PostInput, type Scanner } from './scanner.js';
import type { ClassificationResult } from './types.js';

export * from './taxonomy.js';
export * from './types.js';
export { SmuggleScanError, type ErrorCode, type Issue } from './errors.js';
export { createScanner, ScannerOptionsSchema, type Scanner, type ScannerOptions, type PostInput } from './scanner.js';
export { normalize, originalSpan, foldTerm, type Normalized } from './normalize/index.js';
export { detectLanguage } from './language/index.js';
export { loadRules, safeLoadRules, builtinRules, builtinPacks, analyzeRules, RuleSet, RulePackSchema, type RulePack, type Rule, type RuleAnalysis } from './rules/index.js';
export { loadModel, defaultModelPath, inspectModelFolder, MODEL_HEADS, type ModelScorer, type ModelOptions } from './model/index.js';
export { fuse, decide, DEFAULT_THRESHOLDS, type Thresholds, type ModelScores, type FusionWeights } from './fuse/index.js';
export { PostSchema, type Post } from './data/schema.js';
export * from './cluster/index.js';
export { VERSION } from './version.js';
// Adapters (streams, pool, sidecar, Redis) are in `smugglescan/adapters`, the benchmark harness in
// `smugglescan/bench`: importing the core loads neither, nor their packages.

let defaultScanner: Scanner | undefined;
const scanner = (): Scanner => (defaultScanner ??= createScanner());

/**
 * Classifies one post with the default pipeline (built-in rules and the shipped model).
 * @example const r = await classify('Fake passports, real photo, inbox'); r.labels.fake_documents
 */
export function classify(input: PostInput): Promise<ClassificationResult> {
  return scanner().classify(input);
}

/**
 * Classifies posts in order with the default pipeline.
 * @example const rs = await classifyBatch(['boat to uk 3 places', 'nice weather today']);
 */
export function classifyBatch(inputs: readonly PostInput[]): Promise<ClassificationResult[]> {
  return scanner().classifyBatch(inputs);
}
