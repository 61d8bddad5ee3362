/**
 * What clustering reads from one post: its indicators (phones, handles, links, payment handles),
 * each keyed for matching and with its span of the input, and its masked word shingles (numbers,
 * prices, dates, contacts and place names replaced by placeholders, so a re-post with a new price
 * or a new number has the same shingles), each hashed and with its span of the input.
 * @module
 */
import { hash32 } from '../hash.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { detectLanguage } from '../language/index.js';
import { normalize, originalSpan } from '../normalize/index.js';
import { builtinRules, findIndicators, findPrices } from '../rules/index.js';
import { asciiDigits } from '../rules/indicators.js';
import type { LanguageCode } from '../taxonomy.js';
import type { Span } from '../types.js';
import type { LinkKind } from './types.js';

/** An indicator keyed for matching (`phone:+447700900123`), with its span of the input. */
export interface KeyedIndicator extends Span {
  kind: Exclude<LinkKind, 'template'>;
  /** The value shown to people: E.164 phone, handle without `@`, host/path, payment id. */
  value: string;
}

/** A post's clustering features. Shingle `i` covers input `[starts[i], ends[i])`. */
export interface PostFeatures {
  language: LanguageCode;
  indicators: KeyedIndicator[];
  /** 32-bit hashes of the masked shingles, in text order (repeats kept). */
  shingles: Uint32Array;
  starts: Uint32Array;
  ends: Uint32Array;
}

const TOKEN = /[\p{L}\p{N}\p{M}]+(?:[._\-'’@/:%][\p{L}\p{N}\p{M}]+)*/gu;
const DIGIT = /\p{N}/u;
/** Payment handles and accounts (read on the input, ASCII only). */
const PAYMENT = /\b(?:paypal\.me|revolut\.me|cash\.app|venmo\.com)\/\$?[A-Za-z0-9_.-]{2,40}|(?<![\w$])\$[A-Za-z][A-Za-z0-9_]{2,20}\b|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b|\bbc1[a-z0-9]{25,59}\b|\b0x[a-fA-F0-9]{40}\b|\bT[1-9A-HJ-NP-Za-km-z]{33}\b/g;
/**
 * Numbers in international form (`+30 555 032 3232`, `0044 7700 900123`): the classifier's phone
 * reader wants a contact word before a number libphonenumber finds merely possible; a number
 * written with its country code is contact enough for linking.
 */
const INTERNATIONAL = /(?:\+|(?<!\d)00)\d[\d \-().]{6,20}\d/g;
/** Hosts whose first path segment is an account name. */
const ACCOUNT_HOSTS = /^(?:t\.me|telegram\.me|instagram\.com|facebook\.com|fb\.com|tiktok\.com|snapchat\.com|m\.me|signal\.me|viber\.click)\//;

export { hash32 };

let placeNames: { phrases: Set<string>; first: Set<string> } | undefined;
/** Place names of the built-in packs (folded), and their first words (a cheap pre-check). */
function places(): { phrases: Set<string>; first: Set<string> } {
  if (!placeNames) {
    const phrases = new Set(builtinRules().places.keys());
    placeNames = { phrases, first: new Set([...phrases].map((p) => p.split(' ')[0]!)) };
  }
  return placeNames;
}

function keyLink(bare: string): { kind: KeyedIndicator['kind']; value: string } {
  const b = bare.toLowerCase().replace(/[/?#]+$/, '');
  const wa = /^wa\.me\/\+?(\d{8,15})/.exec(b);
  if (wa) return { kind: 'phone', value: `+${wa[1]}` };
  if (ACCOUNT_HOSTS.test(b)) {
    const name = b.slice(b.indexOf('/') + 1).split(/[/?#]/)[0]!.replace(/^@/, '');
    if (name) return { kind: 'handle', value: name };
  }
  return { kind: 'url', value: b };
}

/**
 * Indicators of a post, keyed, one per kind and value (the first mention's span).
 * @example postIndicators('WhatsApp +44 7700 900123, t.me/kawa_road', 'eng').map((i) => i.value) // ['+447700900123', 'kawa_road']
 */
export function postIndicators(text: string, language: LanguageCode): KeyedIndicator[] {
  const found = findIndicators(text, language);
  const out: KeyedIndicator[] = [];
  const seen = new Set<string>();
  const push = (kind: KeyedIndicator['kind'], value: string, s: Span): void => {
    const key = `${kind}:${value}`;
    if (!value || seen.has(key)) return;
    seen.add(key);
    out.push({ kind, value, start: s.start, end: s.end });
  };
  for (const p of found.phones) push('phone', p.value, p);
  if (/\+|00/.test(text)) {
    const ascii = asciiDigits(text);
    for (const m of ascii.matchAll(INTERNATIONAL)) {
      const digits = m[0].replace(/\D/g, '');
      const national = m[0].startsWith('00') ? digits.slice(2) : digits;
      if (national.length < 8 || national.length > 15 || found.phones.some((p) => p.start <= m.index && m.index < p.end)) continue;
      const parsed = parsePhoneNumberFromString(`+${national}`);
      if (parsed && (parsed.isPossible() || parsed.nationalNumber.length >= 7)) push('phone', parsed.number, { start: m.index, end: m.index + m[0].trimEnd().length });
      if (out.length > 64) break;
    }
  }
  for (const h of found.handles) {
    if (h.value.startsWith('@')) push('handle', h.value.slice(1).toLowerCase(), h);
    else {
      const k = keyLink(h.value);
      push(k.kind, k.value, h);
    }
  }
  for (const u of found.urls) {
    if (found.handles.some((h) => h.start === u.start)) continue; // a channel link, read above
    const bare = u.value.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
    const k = keyLink(bare);
    push(k.kind, k.value, u);
  }
  if (/paypal|revolut|cash\.app|venmo|\$[A-Za-z]|\b[A-Z]{2}\d{2}|bc1|0x|\bT[1-9A-HJ-NP-Za-km-z]/.test(text)) {
    for (const m of text.matchAll(PAYMENT)) {
      push('payment', m[0].replace(/\s+/g, '').toLowerCase(), { start: m.index, end: m.index + m[0].length });
      if (out.length > 128) break;
    }
  }
  return out;
}

/**
 * Reads a post's clustering features.
 * @example const f = postFeatures('Boat to UK, 4 places, £2000, WhatsApp +44 7700 900123'); f.indicators[0].value // '+447700900123'
 */
export function postFeatures(text: string, language?: LanguageCode, shingleSize = 3): PostFeatures {
  const lang = language ?? detectLanguage(text.length > 4000 ? text.slice(0, 4000) : text).code;
  const indicators = postIndicators(text, lang);
  const n = normalize(text);
  const folded = n.text;
  // Folded ranges of prices, masked whole ("£ 2 500", "2500 euro").
  const priceRanges = findPrices(folded).map((p) => [p.start, p.end] as const);
  const masked: { word: string; start: number; end: number }[] = [];
  const placeMap = places();
  const tokens: { text: string; start: number; end: number }[] = [];
  for (const m of folded.matchAll(TOKEN)) tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    const span = originalSpan(n, tok.start, tok.end);
    let word = tok.text;
    let end = tok.end;
    if (indicators.some((i) => i.start < span.end && span.start < i.end)) word = '<c>';
    else if (DIGIT.test(word) || priceRanges.some(([s, e]) => s < tok.end && tok.start < e)) word = '#';
    else if (placeMap.first.has(word)) {
      // The longest place name starting here (up to three words).
      for (let k = Math.min(3, tokens.length - t); k >= 1; k--) {
        const phrase = tokens.slice(t, t + k).map((x) => x.text).join(' ');
        if (placeMap.phrases.has(phrase)) {
          word = '<p>';
          end = tokens[t + k - 1]!.end;
          t += k - 1;
          break;
        }
      }
    }
    const prev = masked[masked.length - 1];
    // Runs of one placeholder are one ("+44 7700 900123", "2 500 €").
    if (prev && word.startsWith('<') === false && word === '#' && prev.word === '#') prev.end = end;
    else if (prev && word.startsWith('<') && prev.word === word) prev.end = end;
    else masked.push({ word, start: tok.start, end });
  }
  const count = Math.max(0, masked.length - shingleSize + 1);
  const shingles = new Uint32Array(count);
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let s = masked[i]!.word;
    for (let k = 1; k < shingleSize; k++) s += ' ' + masked[i + k]!.word;
    shingles[i] = hash32(s);
    const span = originalSpan(n, masked[i]!.start, masked[i + shingleSize - 1]!.end);
    starts[i] = span.start;
    ends[i] = span.end;
  }
  return { language: lang, indicators, shingles, starts, ends };
}
