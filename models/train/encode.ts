/**
 * Encodes the train and dev splits for training: folded text → token ids with the project's
 * tokenizer (Hugging Face's Rust implementation, npm `tokenizers`), plus the eight targets
 * (seven labels, then advert). The test split is never read here.
 *
 * Usage: tsx models/train/encode.ts <model-dir> <work-dir>
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from 'tokenizers';
import { normalize } from '../../src/normalize/index.js';
import { modelText } from '../../src/model/index.js';
import { LABELS } from '../../src/taxonomy.js';
import type { Post } from '../../src/data/schema.js';
import { junkTexts, openWorldNegatives } from '../../scripts/corpus/common.js';

/**
 * Open-world negatives (real text nobody here wrote, datasets/openworld/train.jsonl) and junk join
 * the hand-written posts with no label: the model must learn that a language, a price or a phone
 * is not an advert. Per language and stratum: OW_TRAIN_PER_CELL for training, OW_DEV_PER_CELL for
 * model selection.
 */
const OW_TRAIN_PER_CELL = Number(process.env.OW_TRAIN_PER_CELL ?? 220);
const OW_DEV_PER_CELL = Number(process.env.OW_DEV_PER_CELL ?? 40);
const JUNK = { train: 300, dev: 60 };

const [modelDir, workDir] = process.argv.slice(2);
if (!modelDir || !workDir) {
  console.error('usage: tsx models/train/encode.ts <model-dir> <work-dir>');
  process.exit(1);
}
const tok = Tokenizer.fromFile(join(modelDir, 'tokenizer.json'));
tok.setTruncation(128);
mkdirSync(workDir, { recursive: true });
for (const split of ['train', 'dev'] as const) {
  const posts = readFileSync(new URL(`../../datasets/splits/${split}.jsonl`, import.meta.url), 'utf8')
    .split('\n').filter(Boolean).map((l) => JSON.parse(l) as Post);
  const negative = (id: string, text: string, lang: string): Post =>
    ({ id, text, lang, advert: false, labels: [], kind: 'chatter', group: id }) as unknown as Post;
  for (const t of openWorldNegatives(split, split === 'train' ? OW_TRAIN_PER_CELL : OW_DEV_PER_CELL)) {
    posts.push(negative(t.id, t.text, t.lang === 'und' ? 'eng' : t.lang));
  }
  junkTexts(JUNK[split], split === 'train' ? 7 : 8).forEach((text, i) => posts.push(negative(`junk-${split}-${i}`, text, 'eng')));
  const texts = posts.map((p) => modelText(normalize(p.text).text) || ' ');
  const enc = await tok.encodeBatch(texts);
  const lines = posts.map((p, i) => JSON.stringify({
    id: p.id, lang: p.lang, augmented: Boolean(p.augmented), kind: p.kind,
    ids: enc[i]!.getIds(),
    y: [...LABELS.map((l) => (p.labels.includes(l) ? 1 : 0)), p.advert ? 1 : 0],
  }));
  writeFileSync(join(workDir, `${split}.jsonl`), lines.join('\n') + '\n');
  console.log(`encode: ${split}: ${posts.length} texts, mean ${(enc.reduce((a, e) => a + e.getIds().length, 0) / enc.length).toFixed(1)} tokens`);
}
