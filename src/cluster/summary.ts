/**
 * Turns the clusterer's posts, links and sets into campaign summaries.
 * @module
 */
import type { Label, LanguageCode } from '../taxonomy.js';
import type { KeyedIndicator } from './features.js';
import type { Cluster, ClusterLink, LinkKind } from './types.js';

/** A post as the clusterer keeps it. */
export interface StoredPost {
  id: string;
  text: string;
  author: string | null;
  time: string | number | null;
  language: LanguageCode;
  risk: number | null;
  labels: readonly Label[];
  indicators: KeyedIndicator[];
  shingles: Uint32Array;
  starts: Uint32Array;
  ends: Uint32Array;
}

/** A link between post numbers `a < b`, with the evidence spans in each. */
export interface StoredLink {
  a: number;
  b: number;
  kind: LinkKind;
  /** `kind:value` for indicators, `template` for templates. */
  key: string;
  value: string;
  similarity?: number;
  spanA: [number, number];
  spanB: [number, number];
}

/** A stored link with its evidence, as the API returns it. */
export function toLink(posts: readonly StoredPost[], l: StoredLink): ClusterLink {
  const pa = posts[l.a]!;
  const pb = posts[l.b]!;
  return {
    kind: l.kind,
    value: l.value,
    ...(l.similarity !== undefined ? { similarity: l.similarity } : {}),
    ends: [
      { post: pa.id, start: l.spanA[0], end: l.spanA[1], text: pa.text.slice(l.spanA[0], l.spanA[1]) },
      { post: pb.id, start: l.spanB[0], end: l.spanB[1], text: pb.text.slice(l.spanB[0], l.spanB[1]) },
    ],
  };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Groups posts by their root and summarises every group of at least `minSize` posts, largest
 * first, then by cluster id.
 */
export function summarize(posts: readonly StoredPost[], links: readonly StoredLink[], root: (i: number) => number, counts: (l: StoredLink) => boolean, minSize: number): Cluster[] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < posts.length; i++) {
    const r = root(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const linksOf = new Map<number, StoredLink[]>();
  for (const l of links) {
    if (!counts(l)) continue;
    const r = root(l.a);
    const g = linksOf.get(r);
    if (g) g.push(l);
    else linksOf.set(r, [l]);
  }
  const out: Cluster[] = [];
  for (const [r, members] of groups) {
    if (members.length < minSize) continue;
    const ls = linksOf.get(r) ?? [];
    const values = (kind: LinkKind): string[] => [...new Set(ls.filter((l) => l.kind === kind).map((l) => l.value))].sort();
    const languages: Record<string, number> = {};
    const labels: Partial<Record<Label, number>> = {};
    let max = 0;
    let sum = 0;
    for (const i of members) {
      const p = posts[i]!;
      languages[p.language] = (languages[p.language] ?? 0) + 1;
      for (const l of p.labels) labels[l] = (labels[l] ?? 0) + 1;
      const risk = p.risk ?? 0;
      max = Math.max(max, risk);
      sum += risk;
    }
    out.push({
      cluster: posts[r]!.id,
      posts: members.map((i) => posts[i]!.id),
      size: members.length,
      links: { phones: values('phone'), handles: values('handle'), urls: values('url'), payments: values('payment'), templates: ls.filter((l) => l.kind === 'template').length },
      languages,
      risk: { max: round3(max), mean: round3(sum / members.length) },
      labels,
      evidence: ls.map((l) => toLink(posts, l)),
    });
  }
  return out.sort((x, y) => y.size - x.size || (x.cluster < y.cluster ? -1 : x.cluster > y.cluster ? 1 : 0));
}
