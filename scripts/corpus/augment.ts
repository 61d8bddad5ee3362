/**
 * Evasions and swaps that sellers use, as deterministic text transforms. They make the corpus's
 * generated variants (training for robustness) and drive the invariance tests and the robustness
 * report. Every transform is seeded: the same text, attack and seed give the same variant.
 * @module
 */

/** The evasions of the taxonomy, plus swaps of details that must not change a decision. */
import { hash32, mulberry32 } from '../../src/hash.js';

export const ATTACKS = [
  'homoglyph', 'invisible', 'leet', 'spaced', 'repeat', 'fullwidth', 'accents', 'emoji', 'transliterate', 'mixed',
  'swap_numbers', 'swap_places',
] as const;
export type Attack = (typeof ATTACKS)[number];
/** The evasions proper (not the detail swaps). */
export const EVASIONS = ATTACKS.filter((a) => !a.startsWith('swap_')) as Attack[];

/** A small seeded PRNG (mulberry32) giving floats in [0, 1). */
export function rng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

/** A 32-bit FNV-1a hash, for seeds and splits (src/hash.ts). */
export { hash32 };

const TO_CYRILLIC: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і', s: 'ѕ', j: 'ј', A: 'А', E: 'Е', O: 'О', P: 'Р', C: 'С', T: 'Т', H: 'Н', K: 'К', M: 'М', B: 'В', X: 'Х' };
const CYRILLIC_TO_LATIN: Record<string, string> = { а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', к: 'k', м: 'm', т: 't', н: 'h', в: 'b' };
const LEET: Record<string, string> = { a: '4', e: '3', o: '0', i: '1', s: '5', t: '7', A: '4', E: '3', O: '0', I: '1', S: '5', T: '7' };
const INVISIBLES = ['\u200B', '\u200C', '\u200D', '\u2060', '\u00AD'];
const ACCENT: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', c: 'ç', n: 'ñ', s: 'š', z: 'ž', y: 'ý', A: 'Á', E: 'É', O: 'Ó', U: 'Ú' };

/** Words (any language, lowercase) → emoji that sellers write instead. */
const WORD_EMOJI: Record<string, string> = {
  boat: '🚤', speedboat: '🚤', dinghy: '🚤', bateau: '🚤', barca: '🚤', barco: '🚤', boot: '🚤', bot: '🚤', tekne: '🚤', varka: '🚤', βαρκα: '🚤', βάρκα: '🚤', лодка: '🚤', قارب: '🚤', بابور: '🚤', فلوكة: '🚤', قایق: '🚤', بەلەم: '🚤', belem: '🚤', doon: '🚤', ጀልባ: '🚤', kashti: '🚤', کشتی: '🚤', thuyền: '🚤', gomone: '🚤', patera: '🚤', cayuco: '🚤', gommone: '🚤',
  lorry: '🚛', truck: '🚛', camion: '🚛', kamion: '🚛', kamyon: '🚛', lkw: '🚛', container: '🚛', 'xe tải': '🚛', شاحنة: '🚛', کامیون: '🚛',
  passport: '🛂', passeport: '🛂', passaporto: '🛂', pasaporte: '🛂', pass: '🛂', pasaport: '🛂', pasaportë: '🛂', паспорт: '🛂', διαβατήριο: '🛂', جواز: '🛂', پاسپورت: '🛂', پاسپۆرت: '🛂', پاسپورټ: '🛂', ፓስፖርት: '🛂', baasaboor: '🛂', 'hộ chiếu': '🛂',
  uk: '🇬🇧', england: '🇬🇧', london: '🇬🇧', angleterre: '🇬🇧', inghilterra: '🇬🇧', angli: '🇬🇧', anh: '🇬🇧', انجلترا: '🇬🇧', بريطانيا: '🇬🇧', انگلیس: '🇬🇧', англия: '🇬🇧',
  italy: '🇮🇹', italie: '🇮🇹', italia: '🇮🇹', ايطاليا: '🇮🇹', ایتالیا: '🇮🇹', ጣልያን: '🇮🇹', talyaani: '🇮🇹',
  greece: '🇬🇷', grèce: '🇬🇷', yunanistan: '🇬🇷', یونان: '🇬🇷', اليونان: '🇬🇷', греция: '🇬🇷', ελλάδα: '🇬🇷',
  spain: '🇪🇸', espagne: '🇪🇸', españa: '🇪🇸', اسبانيا: '🇪🇸',
  germany: '🇩🇪', deutschland: '🇩🇪', allemagne: '🇩🇪', almanya: '🇩🇪', المانيا: '🇩🇪', آلمان: '🇩🇪',
  money: '💰', cash: '💶', euro: '💶', euros: '💶', phone: '📱', call: '📞', free: '🆓', gift: '🎁', video: '🎥', 'life jacket': '🦺', 'life jackets': '🦺', fuel: '⛽', gps: '🛰️',
};

const ARABIC_TO_LATIN: Record<string, string> = {
  ا: 'a', أ: 'a', إ: 'i', آ: 'a', ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: '7', خ: 'kh', د: 'd', ذ: 'dh', ر: 'r', ز: 'z', س: 's', ش: 'sh', ص: 's', ض: 'd', ط: 't', ظ: 'z', ع: '3', غ: 'gh', ف: 'f', ق: 'q', ك: 'k', ل: 'l', م: 'm', ن: 'n', ه: 'h', و: 'w', ي: 'y', ى: 'a', ة: 'a', ء: '2', ئ: 'e', ؤ: 'o',
  پ: 'p', چ: 'ch', ژ: 'zh', گ: 'g', ک: 'k', ی: 'i', ۆ: 'o', ێ: 'e', ە: 'e', ڕ: 'r', ڵ: 'l', ټ: 't', ځ: 'dz', ښ: 'x', ډ: 'd', ړ: 'r', ږ: 'zh', ګ: 'g', ڼ: 'n', ۍ: 'ai', ې: 'e', ٹ: 't', ڈ: 'd', ڑ: 'r', ے: 'e', ں: 'n', ھ: 'h',
};
const CYRILLIC_TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
const GREEK_TRANSLIT: Record<string, string> = {
  α: 'a', ά: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', έ: 'e', ζ: 'z', η: 'i', ή: 'i', θ: 'th', ι: 'i', ί: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', ό: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', ύ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o', ώ: 'o',
};

const PLACE_SWAPS: string[][] = [
  ['Calais', 'Dunkirk', 'Boulogne', 'Gravelines'],
  ['Italy', 'Spain', 'Greece', 'Malta'],
  ['Italie', 'Espagne', 'Grèce'],
  ['London', 'Manchester', 'Birmingham', 'Dover'],
  ['Libya', 'Tunisia', 'Algeria', 'Egypt'],
  ['Zuwara', 'Sabratha', 'Tripoli', 'Sfax'],
  ['Lampedusa', 'Sicily', 'Calabria'],
  ['Izmir', 'Bodrum', 'Ayvalık', 'Çeşme'],
  ['Lesbos', 'Samos', 'Kos', 'Chios'],
  ['ليبيا', 'تونس', 'الجزائر'],
  ['ايطاليا', 'اسبانيا', 'اليونان'],
  ['زوارة', 'صبراتة', 'طرابلس'],
  ['ترکیه', 'یونان', 'بلغارستان'],
];

const WORD = /[\p{L}\p{M}]+/gu;

/** Applies `f` to each word that passes `pick`, keeping everything between words. */
function mapWords(text: string, r: () => number, share: number, f: (w: string) => string, minLen = 3): string {
  return text.replace(WORD, (w) => ([...w].length >= minLen && r() < share ? f(w) : w));
}

function mapChars(w: string, r: () => number, table: Record<string, string>, share: number): string {
  let changed = false;
  const out = [...w].map((c) => {
    const t = table[c];
    if (t !== undefined && r() < share) {
      changed = true;
      return t;
    }
    return c;
  });
  // Make sure a chosen word does change when it can.
  if (!changed) {
    const i = out.findIndex((c) => table[c] !== undefined);
    if (i >= 0) out[i] = table[out[i]!]!;
  }
  return out.join('');
}

function longestWords(text: string, n: number): Set<string> {
  const words = [...new Set(text.match(WORD) ?? [])].filter((w) => [...w].length >= 4);
  words.sort((a, b) => [...b].length - [...a].length);
  return new Set(words.slice(0, n));
}

/**
 * Applies one attack to a text.
 * @example applyAttack('Boat to UK, 3 places', 'leet', 1) // e.g. 'B047 to UK, 3 pl4c3s'
 */
export function applyAttack(text: string, attack: Attack, seed: number): string {
  const r = rng(seed ^ hash32(attack));
  switch (attack) {
    case 'homoglyph':
      return text.replace(WORD, (w) => {
        if (/[a-zA-Z]/.test(w)) return r() < 0.7 ? mapChars(w, r, TO_CYRILLIC, 0.5) : w;
        if (/[а-яА-Я]/.test(w)) return r() < 0.7 ? mapChars(w, r, CYRILLIC_TO_LATIN, 0.5) : w;
        return w;
      });
    case 'invisible':
      return mapWords(text, r, 0.6, (w) => {
        const chars = [...w];
        const at = 1 + Math.floor(r() * (chars.length - 1));
        chars.splice(at, 0, INVISIBLES[Math.floor(r() * INVISIBLES.length)]!);
        return chars.join('');
      }, 4);
    case 'leet':
      return mapWords(text, r, 0.7, (w) => mapChars(w, r, LEET, 0.6), 4);
    case 'spaced': {
      const targets = longestWords(text, 3);
      const sep = r() < 0.5 ? ' ' : r() < 0.5 ? '.' : '-';
      return text.replace(WORD, (w) => (targets.has(w) ? [...w].join(sep) : w));
    }
    case 'repeat':
      return mapWords(text, r, 0.5, (w) => {
        const chars = [...w];
        const i = Math.floor(r() * chars.length);
        chars.splice(i, 0, chars[i]!, chars[i]!, chars[i]!);
        return chars.join('');
      }, 4);
    case 'fullwidth':
      return mapWords(text, r, 0.6, (w) =>
        [...w].map((c) => (/[!-~]/.test(c) ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c)).join(''),
      );
    case 'accents':
      return mapWords(text, r, 0.7, (w) => mapChars(w, r, ACCENT, 0.5), 3);
    case 'emoji': {
      let out = text;
      const keys = Object.keys(WORD_EMOJI).sort((a, b) => b.length - a.length);
      for (const k of keys) {
        const re = new RegExp(`(^|[^\\p{L}])(${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![\\p{L}])`, 'giu');
        out = out.replace(re, (_, pre: string) => `${pre}${WORD_EMOJI[k]}`);
      }
      return out;
    }
    case 'transliterate':
      return [...text]
        .map((c) => ARABIC_TO_LATIN[c] ?? CYRILLIC_TRANSLIT[c.toLowerCase()] ?? GREEK_TRANSLIT[c.toLowerCase()] ?? c)
        .join('');
    case 'mixed': {
      const pool: Attack[] = ['homoglyph', 'invisible', 'leet', 'spaced', 'repeat', 'fullwidth', 'accents', 'emoji'];
      const a = pool[Math.floor(r() * pool.length)]!;
      let b = pool[Math.floor(r() * pool.length)]!;
      if (b === a) b = pool[(pool.indexOf(a) + 3) % pool.length]!;
      // Spaced letters and leetspeak first, then character-level tricks.
      return applyAttack(applyAttack(text, a, seed + 1), b, seed + 2);
    }
    case 'swap_numbers':
      return text.replace(/\d/g, (d) => (d === '0' ? '0' : String(1 + Math.floor(r() * 9))));
    case 'swap_places': {
      let out = text;
      for (const group of PLACE_SWAPS) {
        for (const p of group) {
          if (out.includes(p)) {
            const others = group.filter((x) => x !== p);
            out = out.split(p).join(others[Math.floor(r() * others.length)]!);
            break;
          }
        }
      }
      return out;
    }
  }
}
