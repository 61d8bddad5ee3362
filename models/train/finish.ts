/**
 * After training: stamps config.json with smugglescan's metadata (version, data hash, size,
 * training time) so that every result can name the model it came from.
 *
 * Usage: tsx models/train/finish.ts <model-dir>
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx models/train/finish.ts <model-dir>');
  process.exit(1);
}
const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
const log = JSON.parse(readFileSync(join(dir, 'training.json'), 'utf8')) as { params: number; train_seconds: number; best_epoch: number; args: Record<string, unknown> };
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
const splits = new URL('../../datasets/splits/', import.meta.url).pathname;
const dataHash = createHash('sha256').update(readFileSync(join(splits, 'train.jsonl'))).update(readFileSync(join(splits, 'dev.jsonl'))).digest('hex');
const onnx = join(dir, 'onnx/model.onnx');
config.smugglescan = {
  version: `0.1.0+${sha(onnx).slice(0, 8)}`,
  data_sha256: dataHash,
  parameters: log.params,
  train_seconds: log.train_seconds,
  best_epoch: log.best_epoch,
  seed: log.args.seed,
  bytes: { 'model.onnx': statSync(onnx).size, 'model_quantized.onnx': statSync(join(dir, 'onnx/model_quantized.onnx')).size },
};
writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
console.log(`finish: ${dir}/config.json stamped (${(config.smugglescan as { version: string }).version})`);
