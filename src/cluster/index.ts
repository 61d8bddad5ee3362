/**
 * Campaigns, not posts: clusters adverts into the networks behind them. Posts are linked by shared
 * indicators (E.164 phones, handles, t.me and wa.me links, URLs, payment handles) and by
 * near-duplicate templates (MinHash and LSH over word shingles of the folded text, with numbers,
 * prices, dates, contacts and place names masked, checked by a weighted Jaccard in which phrases
 * seen in many posts weigh little). Every link carries its evidence: what is shared and its span
 * in each post. Memory grows linearly with the posts (see `clusterer.ts`).
 *
 * @example
 * import { clusterPosts } from 'smugglescan';
 * const { clusters } = clusterPosts([
 *   { id: 'a', text: 'Boat to UK Friday, 4 places, £2000, WhatsApp +44 7700 900123' },
 *   { id: 'b', text: 'New number same team: call +447700900123, trip this week' },
 * ]);
 * clusters[0].posts // ['a', 'b']
 * @module
 */
import { createClusterer } from './clusterer.js';
import type { Assignment, Cluster, ClusterOptions } from './types.js';

export { createClusterer, type Clusterer } from './clusterer.js';
export { postFeatures, postIndicators, type PostFeatures, type KeyedIndicator } from './features.js';
export { createRedisClusterIndex, type RedisClusterIndex, type RedisClusterIndexOptions } from './redis.js';
export { renderClusterReport } from './report.js';
export { pairwiseScores, bcubedF1, adjustedRandIndex, type PairwiseScores } from './metrics.js';
export { LINK_KINDS, ClusterOptionsSchema, type LinkKind, type ClusterPost, type ClusterLink, type LinkEnd, type Cluster, type ClusterOptions, type Assignment } from './types.js';

/**
 * Clusters a batch of posts. Phrase and indicator frequencies are counted over the whole batch
 * before any link is made. A bad record becomes an error entry in `assignments`, in place.
 * @example
 * const { clusters, assignments } = clusterPosts(posts, { templateThreshold: 0.6 });
 * for (const c of clusters) console.log(c.cluster, c.size, c.links.phones);
 */
export function clusterPosts(posts: readonly unknown[], options: ClusterOptions & { minSize?: number } = {}): { clusters: Cluster[]; assignments: Assignment[] } {
  const { minSize, ...rest } = options;
  const c = createClusterer(rest);
  const assignments = c.addAll(posts);
  return { clusters: c.clusters({ minSize: minSize ?? 2 }), assignments };
}
