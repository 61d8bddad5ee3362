/**
 * Consonant skeletons: how a romanised word meets the rule words of Arabic-, Cyrillic- and
 * Greek-script packs. Sellers write "qarib l italia", "lodka v angliyu" or "diavatirio" in Latin
 * letters, with no fixed spelling; vowels come and go ("tahreeb", "t7rib", "thrb") and one sound has
 * several spellings ("kh", "x", "5"). Both sides are reduced to the same coarse key: vowels dropped,
 * consonants folded into sound classes, doubled classes collapsed. "قارب", "qarib" and "9areb" all
 * become `KRB`; "лодка" and "lodka" become `LDK`.
 *
 * The key is coarse on purpose (it must survive any romanisation scheme), so the engine only uses
 * it for words of at least three consonants and discounts what it finds (see `SKELETON_DISCOUNT`).
 * @module
 */
import { MAX_SKELETON_VARIANTS } from '../limits.js';


/** Class letters: B(b,p) F(f,v,w) T D S Z C(ch) K(k,q,c) G(g,j) H(h,kh,x) L M N R. */
type Classes = string;

/** Latin digraphs read before single letters, by first letter (the three-letter `tch` first). */
const LATIN_DIGRAPHS: Readonly<Record<string, readonly [string, Classes][]>> = {
  t: [['tch', 'C'], ['th', 'T'], ['ts', 'S'], ['tz', 'S']],
  k: [['kh', 'H']],
  g: [['gh', 'G']],
  s: [['sh', 'S']],
  c: [['ch', 'C'], ['ck', 'K']],
  z: [['zh', 'Z']],
  d: [['dh', 'D'], ['dz', 'Z'], ['dj', 'G']],
};

/** Latin letters and Arabizi digits; anything absent (vowels, y, other digits) is dropped. w reads as و, v or f (F). */
const LATIN: Readonly<Record<string, Classes>> = {
  b: 'B', p: 'B', f: 'F', v: 'F', t: 'T', d: 'D', s: 'S', z: 'Z', k: 'K', q: 'K', c: 'K', g: 'G', j: 'G',
  h: 'H', x: 'H', l: 'L', m: 'M', n: 'N', r: 'R', w: 'F',
  // Arabizi: 5 = kh, 6 = ṭ, 7 = ḥ, 8 = gh, 9 = q (2 = hamza and 3 = ain are dropped like vowels).
  '5': 'H', '6': 'T', '7': 'H', '8': 'G', '9': 'K',
};

/**
 * Script letters (as folded by the normaliser) → their possible classes. `''` drops the letter;
 * several entries are readings a romaniser may pick (ش as "sh" or French "ch"; Persian و as "v").
 */
const SCRIPT: Readonly<Record<string, readonly Classes[]>> = {
  // Arabic script (Arabic, Persian, Kurdish, Pashto, Urdu), after folding (ة→ه, ی→ي, ک→ك, ہ→ه).
  ا: [''], أ: [''], إ: [''], آ: [''], ٱ: [''], ء: [''], ئ: [''], ؤ: [''], ع: [''], ي: [''], ې: [''], ۍ: [''], ے: [''],
  ە: [''], ێ: [''], ۆ: [''], ۇ: [''], و: ['', 'F'],
  ب: ['B'], پ: ['B'], ت: ['T'], ط: ['T'], ٹ: ['T'], ټ: ['T'], ث: ['T', 'S'], ج: ['G'], چ: ['C'], ح: ['H'], خ: ['H'],
  د: ['D'], ڈ: ['D'], ډ: ['D'], ذ: ['D', 'Z'], ر: ['R'], ڑ: ['R'], ړ: ['R'], ڕ: ['R'], ز: ['Z'], ژ: ['Z'], ږ: ['Z'],
  ظ: ['Z', 'D'], ض: ['D', 'Z'], س: ['S'], ص: ['S'], ش: ['S', 'C'], ښ: ['S', 'H'], څ: ['S'], ځ: ['Z'], غ: ['G'],
  ف: ['F'], ڤ: ['F'], ق: ['K', 'G'], ك: ['K'], گ: ['G'], ګ: ['G'], ڭ: ['G'], ڨ: ['G'], ل: ['L'], ڵ: ['L'],
  م: ['M'], ن: ['N'], ڼ: ['N'], ں: ['N'], ه: ['H'],
  // Cyrillic.
  а: [''], е: [''], ё: [''], и: [''], й: [''], о: [''], у: [''], ы: [''], э: [''], ю: [''], я: [''], ь: [''], ъ: [''],
  б: ['B'], п: ['B'], в: ['F'], ф: ['F'], г: ['G'], д: ['D'], ж: ['Z'], з: ['Z'], к: ['K'], л: ['L'], м: ['M'],
  н: ['N'], р: ['R'], с: ['S'], ц: ['S'], т: ['T'], х: ['H'], ч: ['C'], ш: ['S'], щ: ['SC'],
  // Greek (accents are already stripped by the normaliser).
  α: [''], ε: [''], η: [''], ι: [''], ο: [''], υ: [''], ω: [''],
  β: ['F'], γ: ['G'], δ: ['D'], ζ: ['Z'], θ: ['T'], κ: ['K'], λ: ['L'], μ: ['M'], ν: ['N'], ξ: ['KS', 'H'],
  π: ['B'], ρ: ['R'], σ: ['S'], ς: ['S'], τ: ['T'], φ: ['F'], χ: ['H', 'C'], ψ: ['BS'],
};

/** Arabic-script letters a romaniser often leaves out at the end of a word (Persian -e, Arabic -a). */
const FINAL_SILENT = new Set(['ه']);

function collapse(s: string): string {
  let out = '';
  for (const c of s) if (c !== out[out.length - 1]) out += c;
  return out;
}

/**
 * The skeleton of a word as written in Latin letters (a post's token, accents already stripped
 * and lowercased by the caller). Letters of other scripts inside it take their first reading.
 * @example latinSkeleton('tahreeb') // 'THRB'
 * @example latinSkeleton('9areb') // 'KRB'
 */
export function latinSkeleton(word: string): string {
  let out = '';
  let last = '';
  let i = 0;
  while (i < word.length) {
    const ch = word[i]!;
    let cls: string | undefined;
    const digraphs = LATIN_DIGRAPHS[ch];
    if (digraphs) {
      for (const [dg, c] of digraphs) {
        if (word.startsWith(dg, i)) {
          cls = c;
          i += dg.length;
          break;
        }
      }
    }
    if (cls === undefined) {
      cls = LATIN[ch] ?? SCRIPT[ch]?.[0] ?? '';
      i++;
    }
    // Doubled classes collapse ("tt", "kk", "ck").
    if (cls && cls !== last) out += cls;
    if (cls) last = cls;
  }
  return out;
}

/** Whether a folded word is written in a script this module reads (Arabic, Cyrillic, Greek). */
export function isSkeletonScript(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    // Greek starts at U+0370: everything below is Latin, digits or punctuation.
    if (word.charCodeAt(i) >= 0x370 && SCRIPT[word[i]!] !== undefined) return true;
  }
  return false;
}

/**
 * The skeletons a folded script word may be romanised to, most likely first. Arabic-script words
 * with the article (ال, لل) also give the skeleton of the bare noun, since romanisers often write
 * the article apart ("el bahr").
 * @example scriptSkeletons('قارب') // ['KRB', 'GRB']
 * @example scriptSkeletons('лодка') // ['LDK']
 */
export function scriptSkeletons(word: string): string[] {
  let known = scriptMemo.get(word);
  if (!known) {
    known = readScript(word);
    scriptMemo.set(word, known);
  }
  return known;
}

/**
 * Pack words repeat across terms and packs: each is read once per process. A cache of a pure
 * function, filled as words are read (the built-in packs' skeletons, read ahead of time, reach the
 * rule set through its lexicon instead: compile.ts).
 */
const scriptMemo = new Map<string, string[]>();

function readScript(word: string): string[] {
  let variants = [''];
  const chars = [...word];
  chars.forEach((ch, k) => {
    let readings: readonly string[] = SCRIPT[ch] ?? [''];
    if (k === chars.length - 1 && FINAL_SILENT.has(ch)) readings = [...readings, ''];
    if (variants.length * readings.length > MAX_SKELETON_VARIANTS) readings = readings.slice(0, 1);
    variants = variants.flatMap((v) => readings.map((r) => v + r));
  });
  const out = new Set(variants.map(collapse));
  for (const article of ['ال', 'لل']) {
    if (word.startsWith(article) && word.length > article.length + 2) {
      for (const s of scriptSkeletons(word.slice(article.length))) out.add(s);
    }
  }
  return [...out].filter(Boolean);
}
