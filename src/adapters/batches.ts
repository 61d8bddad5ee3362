/**
 * Cutting a list of posts into consecutive batches: the one helper behind the pool's chunks, the
 * sidecar's chunks of a batch body and the Redis worker's byte-bounded batches. (A stream of posts
 * is batched by `classifyStream`.)
 * @module
 */

/** How big one batch may be. Every batch holds at least one item. */
export interface BatchLimit<T> {
  /** Most items in a batch: a number, or a function asked as each batch starts (default: no limit). */
  count?: number | (() => number);
  /** An item's weight (its bytes, say); with `maxWeight`, a batch's items weigh at most that in all. */
  weight?: (item: T) => number;
  /** Most weight in a batch; an item heavier than this alone is a batch of its own. */
  maxWeight?: number;
}

/** One batch: its items, and where the first one is in the whole list. */
export interface Batch<T> {
  offset: number;
  items: T[];
}

/**
 * Cuts `items` into consecutive batches, in order, one at a time (a function `count` is asked only
 * when the next batch is taken).
 * @example
 * for (const b of batches(posts, { count: 64 })) results.push(...(await scanner.classifyBatch(b.items)));
 * [...batches(entries, { weight: (e) => e.bytes, maxWeight: 8 << 20 })] // about 8 MiB each
 */
export function* batches<T>(items: readonly T[], limit: BatchLimit<T>): Generator<Batch<T>, void, undefined> {
  for (let offset = 0; offset < items.length; ) {
    const count = Math.max(1, typeof limit.count === 'function' ? limit.count() : (limit.count ?? Infinity));
    let end = offset + 1;
    if (limit.weight && limit.maxWeight !== undefined) {
      let weight = limit.weight(items[offset]!);
      while (end < items.length && end - offset < count && weight + limit.weight(items[end]!) <= limit.maxWeight) weight += limit.weight(items[end++]!);
    } else {
      end = Math.min(items.length, offset + count);
    }
    yield { offset, items: items.slice(offset, end) };
    offset = end;
  }
}
