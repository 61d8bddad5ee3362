/**
 * Union-find over post numbers (the order posts were added), where a set's root is always its
 * smallest number: the earliest post names the cluster, so a cluster's id never changes while it
 * grows, and a merge keeps the older cluster's id. Path halving keeps `find` near constant.
 * @module
 */
export class UnionFind {
  private parent = new Int32Array(1024);
  private n = 0;

  /** Adds one element, its own set; returns its number. */
  add(): number {
    if (this.n === this.parent.length) {
      const next = new Int32Array(this.parent.length * 2);
      next.set(this.parent);
      this.parent = next;
    }
    this.parent[this.n] = this.n;
    return this.n++;
  }

  get size(): number {
    return this.n;
  }

  find(x: number): number {
    const p = this.parent;
    while (p[x]! !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }

  /** Joins the sets of `a` and `b`; returns the root (the smaller of the two roots). */
  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    const [lo, hi] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[hi] = lo;
    return lo;
  }

  /** Forgets every union (each element its own set again). */
  reset(): void {
    for (let i = 0; i < this.n; i++) this.parent[i] = i;
  }
}
