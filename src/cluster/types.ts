/**
 * The clustering contract: posts in, campaigns out, every link with its evidence.
 * @module
 */
import { z } from 'zod';
import type { SmuggleScanError } from '../errors.js';
import type { Label, LanguageCode } from '../taxonomy.js';
import type { Span } from '../types.js';

/** What links two posts: a shared indicator, or a near-duplicate template. */
export const LINK_KINDS = ['phone', 'handle', 'url', 'payment', 'template'] as const;
/** One of {@link LINK_KINDS}. */
export type LinkKind = (typeof LINK_KINDS)[number];

/** A post to cluster. Only `text` is required; `language`, `risk` and `labels` come from `classify`. */
export interface ClusterPost {
  /** Unique id; defaults to the post's position (`"0"`, `"1"`, ...) in the first batch it came in. */
  id?: string | number | null;
  text: string;
  author?: string | null;
  /** ISO 8601 or epoch milliseconds; shown in reports, not used for linking. */
  time?: string | number | null;
  /** The post's language (reads national phone numbers); detected when absent. */
  language?: LanguageCode;
  /** The classifier's advert risk in [0, 1], for the cluster summary. */
  risk?: number;
  /** Labels the classifier found (score ≥ 0.5), for the cluster summary. */
  labels?: readonly Label[];
}

/** Where a link's evidence is in one post: a {@link Span} of that post's **original** text. */
export interface LinkEnd extends Span {
  post: string;
  /** `text.slice(start, end)` of that post. */
  text: string;
}

/** Why two posts are in one campaign. */
export interface ClusterLink {
  kind: LinkKind;
  /** The shared indicator (`+447700900123`, `kawa_road_uk`, `example.com/x`), or `template`. */
  value: string;
  /** For templates: the weighted Jaccard similarity of the masked shingles, in [0, 1]. */
  similarity?: number;
  /** The evidence in the earlier post, then in the later one. */
  ends: [LinkEnd, LinkEnd];
}

/** Where a post went: its cluster id, or why it was not clustered (the record's error, in place). */
export type Assignment =
  | { id: string; cluster: string }
  | { id: string | null; error: ReturnType<SmuggleScanError['toJSON']> };

/** A campaign: two or more posts joined by links (a single post is its own cluster of one). */
export interface Cluster {
  /** The id of the cluster's earliest post: stable while the cluster grows. */
  cluster: string;
  posts: string[];
  size: number;
  /** Indicators shared by two or more of its posts, and the number of template links. */
  links: { phones: string[]; handles: string[]; urls: string[]; payments: string[]; templates: number };
  /** Posts per language. */
  languages: Record<string, number>;
  /** Advert risk over its posts (0 when no risk was given). */
  risk: { max: number; mean: number };
  /** Posts per label. */
  labels: Partial<Record<Label, number>>;
  /** Every link inside the cluster, with evidence. */
  evidence: ClusterLink[];
}

/** Options of {@link createClusterer} and `clusterPosts`. */
export const ClusterOptionsSchema = z
  .object({
    /** Weighted-Jaccard similarity of masked shingles at which two posts share a template (default 0.5). */
    templateThreshold: z.number().min(0).max(1).optional(),
    /** Words per shingle (default 3). */
    shingleSize: z.number().int().min(1).max(8).optional(),
    /** A post with fewer shingles than this never links by template (default 4). */
    minShingles: z.number().int().min(1).max(1000).optional(),
    /**
     * Shingles seen in more posts than this weigh `cap / df` instead of 1 (default: the larger of 8
     * and 0.2 % of the posts seen). Stock phrases are in many posts, so they weigh little.
     */
    dfCap: z.number().int().min(1).optional(),
    /** Template links need at least this much shared shingle weight (default 3: three rare shingles). */
    minSharedWeight: z.number().min(0).optional(),
    /**
     * An indicator in more posts than this is common (a helpline, a big site) and never links
     * (default: the larger of 50 and 1 % of the posts seen).
     */
    indicatorCap: z.number().int().min(2).optional(),
    /** MinHash bands × rows (default 16 × 4: pairs above about 0.5 Jaccard meet in a band). */
    bands: z.number().int().min(1).max(64).optional(),
    rows: z.number().int().min(1).max(16).optional(),
    /** Earlier posts compared per LSH bucket, newest first (default 32): bounds work on hot buckets. */
    bucketLimit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

/** Options of {@link createClusterer}. */
export type ClusterOptions = z.input<typeof ClusterOptionsSchema>;
/** Options with every default filled in. */
export type ResolvedClusterOptions = Required<Omit<ClusterOptions, 'dfCap' | 'indicatorCap'>> & { dfCap?: number; indicatorCap?: number };
