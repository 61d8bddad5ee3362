/**
 * The content of src/rules/generated/romanised-words.json: for each language written in another
 * script (Arabic, Persian, Urdu, Pashto, Sorani, Greek, Russian, Amharic, Tigrinya), the words that
 * mark a post as that language in Latin letters. Taken from the train split: the hand-written
 * romanised posts (Arabizi, Finglish, Roman Urdu, Greeklish...) and the transliterated variants,
 * the most frequent words first, leaving out every word of a Latin-script language's train posts
 * (latin-words.json), so "the", "per" or "con" never make a post romanised.
 * The language stage reads it (src/language/lexicon.ts); written by scripts/build-rules.ts
 * (`npm run build`); reads only train.
 */
import { tokenize } from '../src/rules/match.js';
import type { Post } from '../src/data/schema.js';

const SCRIPT_LANGS = ['arb', 'pes', 'urd', 'pbu', 'ckb', 'ell', 'rus', 'amh', 'tir'] as const;
const PER_LANGUAGE = 120;

/** romanised-words.json from the train split (its JSONL text) and the Latin-script words. */
export function romanisedWords(trainJsonl: string, latinWords: readonly string[], generatedBy: string): string {
  const latin = new Set(latinWords);
  const counts = new Map<string, Map<string, number>>(SCRIPT_LANGS.map((l) => [l, new Map()]));
  for (const line of trainJsonl.split('\n')) {
    if (!line.trim()) continue;
    const p = JSON.parse(line) as Post;
    const c = counts.get(p.lang);
    if (!c) continue;
    const romanised = (!p.augmented && p.script === 'Latn') || (p.augmented && p.attack === 'transliterate');
    if (!romanised) continue;
    const lower = p.text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
    for (const t of new Set(tokenize(lower).map((x) => x.text))) {
      if (!/^[a-z][a-z0-9]{2,}$/.test(t) || latin.has(t)) continue;
      c.set(t, (c.get(t) ?? 0) + 1);
    }
  }
  // A word frequent in two languages' romanised posts tells neither apart: keep it for the one
  // where it is most frequent.
  const best = new Map<string, { lang: string; n: number }>();
  for (const [lang, c] of counts) for (const [w, n] of c) if (n > (best.get(w)?.n ?? 0)) best.set(w, { lang, n });
  const words: Record<string, string[]> = {};
  for (const [lang, c] of counts) {
    words[lang] = [...c]
      .filter(([w, n]) => n >= 2 && best.get(w)!.lang === lang)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, PER_LANGUAGE)
      .map(([w]) => w)
      .sort();
  }
  return JSON.stringify({ generatedBy, source: 'datasets/splits/train.jsonl: romanised posts and transliterated variants', words }) + '\n';
}
