/**
 * The frozen registries of the taxonomy (`datasets/TAXONOMY.md`): labels, languages, contexts and
 * post kinds, and the per-language facts (`LANGUAGE_INFO`). Types are derived from these lists, so
 * adding a label is a one-line change here.
 * @module
 */
import type { CountryCode } from 'libphonenumber-js';

/** Every label a post can carry, in the order used by scores, the model head and reports. */
export const LABELS = [
  'crossing_offer',
  'fake_documents',
  'referral_incentive',
  'testimonial',
  'contact_handoff',
  'payment_terms',
  'equipment_supply',
] as const;
/** One of {@link LABELS}. */
export type Label = (typeof LABELS)[number];

/** Labels that make a post an advert in a promotional context. */
export const PRIMARY_LABELS = [
  'crossing_offer',
  'fake_documents',
  'referral_incentive',
  'testimonial',
  'equipment_supply',
] as const satisfies readonly Label[];
/** Supporting labels: never enough on their own. */
export const SUPPORTING_LABELS = ['contact_handoff', 'payment_terms'] as const satisfies readonly Label[];

/** The 19 languages of the routes, as ISO 639-3 codes (franc's codes). */
export const LANGUAGES = [
  'eng', 'fra', 'arb', 'ckb', 'kmr', 'pes', 'pbu', 'als', 'vie', 'tur',
  'tir', 'amh', 'som', 'urd', 'ita', 'spa', 'deu', 'ell', 'rus',
] as const;
/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];
/** A language code or `und` (undetermined: too short or too mixed). */
export type LanguageCode = Language | 'und';

/** What one language of {@link LANGUAGES} is, for the stages that need per-language facts. */
export interface LanguageInfo {
  /** English name. */
  name: string;
  /** The script the language is natively written in. */
  script: Exclude<Script, 'Zyyy'>;
  /**
   * How a Latin-script post may be this language: `native` (one of franc's Latin candidates and a
   * Latin-script rule pack), `romanised` (recognised by its common words in Latin letters, e.g.
   * Arabizi, Finglish), or `null` (never read from Latin letters).
   */
  latin: 'native' | 'romanised' | null;
  /**
   * franc's model for this language in its native script, or `null` where franc has none. franc's
   * `ckb` model is Latin-script Kurmanji, so Kurmanji's is `ckb` and Sorani has none.
   */
  franc: string | null;
  /** The country national phone numbers are read in (libphonenumber's default region). */
  phoneRegion: CountryCode;
  /** Other codes users write for it (ISO 639-1, 639-2/B), lower case. */
  aliases: readonly string[];
}

/**
 * The per-language facts, one entry per code of {@link LANGUAGES} (the type requires each exactly
 * once). The language stage, the phone parser, the pack-mixing rules and the bench's language
 * aliases all read this record.
 * @example LANGUAGE_INFO.kmr.script // 'Latn'
 */
export const LANGUAGE_INFO: Readonly<Record<Language, Readonly<LanguageInfo>>> = Object.freeze({
  eng: { name: 'English', script: 'Latn', latin: 'native', franc: 'eng', phoneRegion: 'GB', aliases: ['en'] },
  fra: { name: 'French', script: 'Latn', latin: 'native', franc: 'fra', phoneRegion: 'FR', aliases: ['fr'] },
  arb: { name: 'Arabic', script: 'Arab', latin: 'romanised', franc: 'arb', phoneRegion: 'LY', aliases: ['ar', 'ara'] },
  ckb: { name: 'Central Kurdish (Sorani)', script: 'Arab', latin: 'romanised', franc: null, phoneRegion: 'IQ', aliases: [] },
  kmr: { name: 'Northern Kurdish (Kurmanji)', script: 'Latn', latin: 'native', franc: 'ckb', phoneRegion: 'TR', aliases: [] },
  pes: { name: 'Persian', script: 'Arab', latin: 'romanised', franc: 'pes', phoneRegion: 'IR', aliases: ['fa', 'fas', 'per'] },
  pbu: { name: 'Pashto', script: 'Arab', latin: 'romanised', franc: 'pbu', phoneRegion: 'AF', aliases: ['ps', 'pus'] },
  als: { name: 'Albanian', script: 'Latn', latin: 'native', franc: 'als', phoneRegion: 'AL', aliases: ['sq', 'sqi', 'alb'] },
  vie: { name: 'Vietnamese', script: 'Latn', latin: 'native', franc: 'vie', phoneRegion: 'VN', aliases: ['vi'] },
  tur: { name: 'Turkish', script: 'Latn', latin: 'native', franc: 'tur', phoneRegion: 'TR', aliases: ['tr'] },
  tir: { name: 'Tigrinya', script: 'Ethi', latin: null, franc: 'tir', phoneRegion: 'ER', aliases: ['ti'] },
  amh: { name: 'Amharic', script: 'Ethi', latin: null, franc: 'amh', phoneRegion: 'ET', aliases: ['am'] },
  som: { name: 'Somali', script: 'Latn', latin: 'native', franc: 'som', phoneRegion: 'SO', aliases: ['so'] },
  urd: { name: 'Urdu', script: 'Arab', latin: 'romanised', franc: 'urd', phoneRegion: 'PK', aliases: ['ur'] },
  ita: { name: 'Italian', script: 'Latn', latin: 'native', franc: 'ita', phoneRegion: 'IT', aliases: ['it'] },
  spa: { name: 'Spanish', script: 'Latn', latin: 'native', franc: 'spa', phoneRegion: 'ES', aliases: ['es'] },
  deu: { name: 'German', script: 'Latn', latin: 'native', franc: 'deu', phoneRegion: 'DE', aliases: ['de', 'ger'] },
  ell: { name: 'Greek', script: 'Grek', latin: 'romanised', franc: 'ell', phoneRegion: 'GR', aliases: ['el', 'gre'] },
  rus: { name: 'Russian', script: 'Cyrl', latin: 'romanised', franc: 'rus', phoneRegion: 'RU', aliases: ['ru'] },
});

/**
 * The languages whose {@link LanguageInfo} passes `test`, in the order of {@link LANGUAGES}.
 * @example languagesWhere((l) => l.script === 'Ethi') // ['tir', 'amh']
 */
export function languagesWhere(test: (info: Readonly<LanguageInfo>) => boolean): Language[] {
  return LANGUAGES.filter((code) => test(LANGUAGE_INFO[code]));
}

/**
 * The codes users write for a language (see {@link LanguageInfo.aliases}) to its code.
 * @example LANGUAGE_ALIASES.get('fa') // 'pes'
 */
export const LANGUAGE_ALIASES: ReadonlyMap<string, Language> = new Map(
  LANGUAGES.flatMap((code) => LANGUAGE_INFO[code].aliases.map((alias) => [alias, code] as const)),
);

/**
 * Frames a post can be written in. `promo` raises risk; the others are frames that share the
 * adverts' vocabulary without offering anything (news, warnings, questions, legal services...).
 */
export const CONTEXTS = ['report', 'warning', 'question', 'legal', 'ordinary', 'story', 'promo'] as const;
/** One of {@link CONTEXTS}. */
export type Context = (typeof CONTEXTS)[number];

/** What a corpus post is: an advert, one of the hard-negative kinds, or ordinary chatter. */
export const KINDS = [
  'advert',
  'news', 'warning', 'legal_travel', 'document_service', 'referral_ordinary', 'boat_sale',
  'migrant_story', 'migrant_question', 'missing_person', 'humanitarian',
  'chatter', 'classified', 'promotion',
] as const;
/** One of {@link KINDS}. */
export type Kind = (typeof KINDS)[number];
/**
 * Everyday negatives: ordinary posts (`chatter`), classifieds with a price or a phone
 * (`classified`: flats, phones, cars, lessons, jobs) and shop or app offers (`promotion`).
 */
export const EVERYDAY_KINDS = ['chatter', 'classified', 'promotion'] as const;
/** Kinds that count as hard negatives: negatives that share the adverts' vocabulary. */
export const HARD_NEGATIVE_KINDS = KINDS.filter(
  (k) => k !== 'advert' && !(EVERYDAY_KINDS as readonly string[]).includes(k),
);

/** Writing systems the language stage reports (ISO 15924). */
export const SCRIPTS = ['Latn', 'Arab', 'Ethi', 'Cyrl', 'Grek', 'Zyyy'] as const;
/** One of {@link SCRIPTS}; `Zyyy` means none or mixed. */
export type Script = (typeof SCRIPTS)[number];

/** The decision a moderation queue acts on. */
export const DECISIONS = ['allow', 'review', 'remove'] as const;
/** One of {@link DECISIONS}. */
export type Decision = (typeof DECISIONS)[number];
