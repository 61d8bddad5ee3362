/**
 * Indicators: phone numbers (E.164, via libphonenumber-js), handles and channel links, URLs and
 * prices, each with its span of the input, for investigators and as evidence for
 * `contact_handoff` and `payment_terms`. Every expression here is a single loop over a character
 * class with no nested quantifier, so its running time is linear in the input.
 * @module
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Price, Span } from '../types.js';
import { LANGUAGES, LANGUAGE_INFO, type LanguageCode } from '../taxonomy.js';
import { foldTerm } from '../normalize/index.js';
import { MAX_AMOUNTS_EXAMINED, MAX_INDICATORS_PER_KIND, MAX_PHONES_EXAMINED } from '../limits.js';
import { RULES_LEXICON } from './lexicon.js';

/** An indicator with where it was found. */
export interface Found<T> extends Span {
  value: T;
}

/** Indicators found in a post, with spans of the input. */
export interface FoundIndicators {
  phones: Found<string>[];
  handles: Found<string>[];
  urls: Found<string>[];
}

/** The country to read national phone numbers in, per language (`LANGUAGE_INFO`'s phone region). */
const PHONE_REGION: ReadonlyMap<string, CountryCode> = new Map(LANGUAGES.map((code) => [code, LANGUAGE_INFO[code].phoneRegion]));



const PHONE = /(?:\+|\b00)?\d[\d \-().]{6,20}\d/g;
const DATE = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/;
/** ISO dates (2002-07-26) and compact dates (20020715): issue numbers and dates, not phones. */
const ISO_DATE = /^(?:19|20)\d\d[./-]?(?:0[1-9]|1[0-2])[./-]?(?:0[1-9]|[12]\d|3[01])$/;
/**
 * Words that announce a contact just before a number: a number libphonenumber-js finds possible but
 * not valid (a made-up range, an odd national prefix) counts as a phone only after one of them.
 */
const CONTACT_CUE = /(?:whats\s?app|watsap|wtsp|wa|viber|telegram|signal|imo|tel|tél|phone|call|ring|text|sms|mob|cell|contact|numéro|numero|nummer|número|номер|тел|звоните|رقم|واتس|واتساب|تواصل|اتصل|شماره|تماس|واتساپ|ژمارە|نمبر|رابطہ|τηλ|κάλεσε|📞|☎|📱|📲)[^\p{L}\p{N}]{0,6}$/iu;
const AT_HANDLE = /(^|[^\p{L}\p{N}_@.])@([A-Za-z0-9_][A-Za-z0-9_.]{2,31})/gu;
const LINK = /\b(?:https?:\/\/)?(?:www\.)?(t\.me|telegram\.me|wa\.me|chat\.whatsapp\.com|signal\.me|instagram\.com|facebook\.com|fb\.com|tiktok\.com|snapchat\.com|viber\.click|m\.me)\/[^\s<>"'`]{1,100}/giu;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`]{2,200}/giu;
const MAY_HAVE_URL = /https?:\/\/|www\./i;

/** Replaces Arabic-Indic, Persian and fullwidth digits with ASCII ones, keeping every offset. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9\uFF10-\uFF19]/g, (d) => {
    const cp = d.charCodeAt(0);
    const base = cp >= 0xff10 ? 0xff10 : cp >= 0x06f0 ? 0x06f0 : 0x0660;
    return String(cp - base);
  });
}

function trimUrl(s: string): string {
  return s.replace(/[.,;:!?)\]}]+$/u, '');
}

/**
 * Finds phones, handles and URLs in the input text.
 * @example findIndicators('WhatsApp +44 7700 900123 t.me/bozaexpress', 'eng').phones[0].value // '+447700900123'
 */
export function findIndicators(input: string, lang: LanguageCode): FoundIndicators {
  const text = asciiDigits(input);
  const phones: Found<string>[] = [];
  const handles: Found<string>[] = [];
  const urls: Found<string>[] = [];
  const region = PHONE_REGION.get(lang);
  let examined = 0;
  for (const m of text.matchAll(PHONE)) {
    if (phones.length >= MAX_INDICATORS_PER_KIND || ++examined > MAX_PHONES_EXAMINED) break;
    const raw = m[0];
    const digits = raw.replace(/\D/g, '');
    const trimmed = raw.trim();
    if (digits.length < 8 || digits.length > 15 || DATE.test(trimmed) || ISO_DATE.test(trimmed)) continue;
    const international = raw.startsWith('+') || raw.startsWith('00');
    if (!international && digits.length < 9) continue;
    // Digits are a phone when libphonenumber-js validates them, or finds them possible right
    // after a contact word ("WhatsApp", "tel", "رقم", 📞); never on their own shape.
    const cued = CONTACT_CUE.test(text.slice(Math.max(0, m.index - 24), m.index));
    let e164: string | undefined;
    try {
      const parsed = parsePhoneNumberFromString(international ? `+${raw.startsWith('00') ? digits.slice(2) : digits}` : raw, region);
      if (parsed && (parsed.isValid() || (cued && parsed.isPossible()))) e164 = parsed.number;
    } catch {
      e164 = undefined;
    }
    if (!e164 && cued && international) e164 = `+${raw.startsWith('00') ? digits.slice(2) : digits}`;
    if (e164) phones.push({ value: e164, start: m.index, end: m.index + raw.length });
  }
  // Cheap prefilters: each pattern below needs '@', '/', or 'http://' / 'www.' somewhere.
  for (const m of text.includes('@') ? text.matchAll(AT_HANDLE) : []) {
    if (handles.length >= MAX_INDICATORS_PER_KIND) break;
    const name = m[2]!.replace(/\.+$/, '');
    const start = m.index + m[1]!.length;
    handles.push({ value: `@${name}`, start, end: start + 1 + name.length });
  }
  for (const m of text.includes('/') ? text.matchAll(LINK) : []) {
    if (urls.length >= MAX_INDICATORS_PER_KIND) break;
    const link = trimUrl(m[0]);
    const bare = link.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
    handles.push({ value: bare, start: m.index, end: m.index + link.length });
    urls.push({ value: link, start: m.index, end: m.index + link.length });
  }
  for (const m of MAY_HAVE_URL.test(text) ? text.matchAll(URL) : []) {
    if (urls.length >= MAX_INDICATORS_PER_KIND) break;
    const link = trimUrl(m[0]);
    if (!urls.some((u) => u.start <= m.index && m.index < u.end)) {
      urls.push({ value: link, start: m.index, end: m.index + link.length });
    }
  }
  return { phones, handles, urls };
}

/** Currency symbols and words (lexicon.json) → ISO 4217, keys folded like post text (ة → ه, ی → ي, accents gone). */
const CURRENCY_FOLDED = new Map(Object.entries(RULES_LEXICON.currencies).map(([k, v]) => [foldTerm(k) || k, v]));
const cur = (w: string | undefined): string | undefined => (w === undefined ? undefined : CURRENCY_FOLDED.get(w));

// Thousands groups ("2.500", "1 500", "2,000") or a plain number with up to two decimals.
const AMOUNT = /\d{1,3}(?:[.,' ]\d{3})+(?!\d)|\d+(?:[.,]\d{1,2}(?!\d))?/g;
const SYMBOL = /[€£$₺₫₽]/u;
const THOUSAND_WORDS = foldedSet(RULES_LEXICON.thousandWords);
const MILLION_WORDS = foldedSet(RULES_LEXICON.millionWords);

function foldedSet(words: readonly string[]): Set<string> {
  return new Set(words.map((w) => foldTerm(w) || w));
}

function parseAmount(raw: string): number | undefined {
  let s = raw.replace(/[' ]/g, '');
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = Math.max(lastDot, lastComma);
    s = s.slice(0, dec).replace(/[.,]/g, '') + '.' + s.slice(dec + 1);
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = s.split(sep);
    s = parts.length > 2 || parts.at(-1)!.length === 3 ? parts.join('') : parts.join('.');
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Prices in folded text (lowercase, ASCII digits): an amount with a currency symbol or word
 * right before or after it. Offsets are folded-text offsets.
 * @example findPrices('2500 € only').map((p) => p.value) // [{amount: 2500, currency: 'EUR'}]
 */
export function findPrices(folded: string): Found<Price>[] {
  const out: Found<Price>[] = [];
  let examined = 0;
  for (const m of folded.matchAll(AMOUNT)) {
    if (out.length >= MAX_INDICATORS_PER_KIND || ++examined > MAX_AMOUNTS_EXAMINED) break;
    const raw = m[0].trim();
    if (!raw) continue;
    let amount = parseAmount(raw);
    if (amount === undefined || raw.replace(/\D/g, '').length > 12) continue;
    let start = m.index;
    let end = m.index + m[0].trimEnd().length;
    // Multiplier and currency after: "2k €", "2500 euro", "3 mille euros", "50 trieu".
    const after = folded.slice(end, end + 24);
    const afterWords = after.match(/^\s?([\p{L}€£$₺₫₽]+)(?:\s?([\p{L}€£$₺₫₽]+))?/u);
    let currency: string | undefined;
    let consumed = 0;
    if (afterWords) {
      const w1 = afterWords[1]!;
      const w2 = afterWords[2];
      if (THOUSAND_WORDS.has(w1) || MILLION_WORDS.has(w1)) {
        amount *= MILLION_WORDS.has(w1) ? 1_000_000 : 1000;
        if (w1 === 'trieu') currency = 'VND';
        if (cur(w2)) currency = cur(w2);
        consumed = afterWords[0].length;
      } else if (cur(w1)) {
        currency = cur(w1);
        consumed = after.indexOf(w1) + w1.length;
      } else {
        const sym = SYMBOL.exec(w1[0] ?? '');
        if (sym && cur(sym[0])) {
          currency = cur(sym[0]);
          consumed = after.indexOf(sym[0]) + 1;
        }
      }
    }
    if (!currency) {
      const before = folded.slice(Math.max(0, start - 12), start);
      const bw = before.match(/([\p{L}€£$₺₫₽]+)\s?$/u);
      const symbolBefore = before.match(/([€£$₺₫₽])\s?$/u);
      if (symbolBefore && cur(symbolBefore[1])) {
        currency = cur(symbolBefore[1]);
        start -= symbolBefore[0].length;
      } else if (bw && cur(bw[1])) {
        currency = cur(bw[1]);
        start -= bw[0].length;
      }
    }
    if (!currency) continue;
    end += consumed;
    out.push({ value: { amount, currency }, start, end });
  }
  return out;
}
