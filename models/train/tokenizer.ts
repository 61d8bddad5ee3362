/**
 * Builds the WordPiece tokenizer from the train split (folded text) and writes tokenizer.json and
 * tokenizer_config.json into the model folder. The vocabulary: special tokens, every character of
 * the 19 languages' scripts (alone and as a `##` continuation, so no word collapses to [UNK]), the
 * most frequent words, word-initial stems and word endings. Hugging Face's Rust tokenizers (npm
 * `tokenizers`) assemble and save it; transformers.js reads the same file at run time.
 *
 * Usage: tsx models/train/tokenizer.ts <model-dir>
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer, WordPiece, bertNormalizer, bertPreTokenizer, bertProcessing, wordPieceDecoder } from 'tokenizers';
import { normalize } from '../../src/normalize/index.js';
import { modelText } from '../../src/model/index.js';

export const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const BUDGET = { words: 3000, stems: 1500, endings: 1200 };

/** Code-point ranges whose characters are always in the vocabulary. */
const SEED_RANGES: [number, number][] = [
  [0x21, 0x7e], [0xa1, 0xff], [0x100, 0x24f], [0x370, 0x3ff], [0x400, 0x4ff], [0x530, 0x58f],
  [0x600, 0x6ff], [0x750, 0x77f], [0x1200, 0x137f], [0x1e00, 0x1eff], [0x2010, 0x2027], [0x20a0, 0x20bf],
];

/** Splits like BERT's pre-tokeniser: whitespace, then every punctuation or symbol char alone. */
export function preTokenize(text: string): string[] {
  return text.match(/[\p{P}\p{S}]|[^\s\p{P}\p{S}]+/gu) ?? [];
}

export function buildVocab(texts: string[]): string[] {
  const vocab = new Set<string>(SPECIALS);
  const chars = new Set<string>();
  for (const [a, b] of SEED_RANGES) for (let c = a; c <= b; c++) chars.add(String.fromCodePoint(c));
  const wordFreq = new Map<string, number>();
  for (const t of texts) {
    for (const w of preTokenize(t)) {
      wordFreq.set(w, (wordFreq.get(w) ?? 0) + 1);
      for (const c of w) chars.add(c);
    }
  }
  const letters = [...chars].filter((c) => !/[\s\p{Cc}\p{Cf}]/u.test(c)).sort();
  for (const c of letters) vocab.add(c);
  for (const c of letters) if (/[\p{L}\p{N}\p{M}]/u.test(c)) vocab.add(`##${c}`);
  const top = (m: Map<string, number>, n: number): string[] =>
    [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([k]) => k);
  const words = new Map([...wordFreq].filter(([w, f]) => f >= 3 && [...w].length > 1));
  for (const w of top(words, BUDGET.words)) vocab.add(w);
  const stems = new Map<string, number>();
  const endings = new Map<string, number>();
  for (const [w, f] of wordFreq) {
    const cs = [...w];
    if (cs.length < 4) continue;
    for (let n = 3; n <= Math.min(6, cs.length - 1); n++) {
      const s = cs.slice(0, n).join('');
      if (!vocab.has(s)) stems.set(s, (stems.get(s) ?? 0) + f * n);
    }
    for (let n = 2; n <= Math.min(4, cs.length - 2); n++) {
      const e = `##${cs.slice(cs.length - n).join('')}`;
      if (!vocab.has(e)) endings.set(e, (endings.get(e) ?? 0) + f * n);
    }
  }
  for (const s of top(stems, BUDGET.stems)) vocab.add(s);
  for (const e of top(endings, BUDGET.endings)) vocab.add(e);
  return [...vocab];
}

export function writeTokenizer(dir: string, vocabList: string[]): void {
  const vocab: Record<string, number> = {};
  vocabList.forEach((t, i) => (vocab[t] = i));
  const tok = new Tokenizer(WordPiece.init(vocab, { unkToken: '[UNK]', continuingSubwordPrefix: '##', maxInputCharsPerWord: 100 }));
  tok.setNormalizer(bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: false, lowercase: false }));
  tok.setPreTokenizer(bertPreTokenizer());
  tok.setPostProcessor(bertProcessing(['[SEP]', vocab['[SEP]']!], ['[CLS]', vocab['[CLS]']!]));
  tok.setDecoder(wordPieceDecoder('##', true));
  tok.addSpecialTokens([...SPECIALS]);
  mkdirSync(dir, { recursive: true });
  tok.save(join(dir, 'tokenizer.json'), true);
  writeFileSync(join(dir, 'vocab.txt'), vocabList.join('\n') + '\n');
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer', do_lower_case: false, strip_accents: false, tokenize_chinese_chars: true,
      model_max_length: 128, clean_up_tokenization_spaces: true,
      unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]',
    }, null, 2) + '\n',
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: tsx models/train/tokenizer.ts <model-dir>');
    process.exit(1);
  }
  const rows = readFileSync(new URL('../../datasets/splits/train.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean);
  const texts = rows.map((r) => modelText(normalize((JSON.parse(r) as { text: string }).text).text));
  const vocab = buildVocab(texts);
  writeTokenizer(dir, vocab);
  console.log(`tokenizer: ${vocab.length} tokens from ${texts.length} train texts → ${dir}`);
}
