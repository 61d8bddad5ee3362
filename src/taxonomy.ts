/**
 * The frozen registries of the taxonomy (`datasets/TAXONOMY.md`): labels, languages, contexts and
 * post kinds. Types are derived from these lists, so adding a label is a one-line change here.
 * @module
 */

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
