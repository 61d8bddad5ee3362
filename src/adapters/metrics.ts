/**
 * A small Prometheus registry for the sidecar (text exposition format 0.0.4): counters with
 * labels and one latency histogram. No dependency; series are created on first use.
 * @module
 */

/** Latency buckets, in seconds. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

type Labels = Record<string, string>;

const escape = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (l: Labels): string => {
  const keys = Object.keys(l);
  return keys.length ? `{${keys.map((k) => `${k}="${escape(l[k]!)}"`).join(',')}}` : '';
};
const num = (n: number): string => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12))));

/** A counter family: `name{labels} value`. */
class Counter {
  readonly #series = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const s = this.#series.get(key);
    if (s) s.value += by;
    else this.#series.set(key, { labels, value: by });
  }
  get(labels: Labels = {}): number {
    return this.#series.get(labelText(labels))?.value ?? 0;
  }
  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} counter\n`;
    for (const s of this.#series.values()) out += `${this.name}${labelText(s.labels)} ${num(s.value)}\n`;
    return out;
  }
}

/** A histogram family with fixed buckets. */
class Histogram {
  readonly #series = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: readonly number[],
  ) {}
  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    let s = this.#series.get(key);
    if (!s) this.#series.set(key, (s = { labels, buckets: this.bounds.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < this.bounds.length; i++) if (value <= this.bounds[i]!) s.buckets[i]!++;
    s.sum += value;
    s.count++;
  }
  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n`;
    for (const s of this.#series.values()) {
      this.bounds.forEach((b, i) => (out += `${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.buckets[i]}\n`));
      out += `${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}\n`;
      out += `${this.name}_sum${labelText(s.labels)} ${num(s.sum)}\n`;
      out += `${this.name}_count${labelText(s.labels)} ${s.count}\n`;
    }
    return out;
  }
}

/**
 * The sidecar's metrics.
 * @example
 * const m = new ServiceMetrics();
 * m.request('/v1/classify', 'POST', 200, 0.004);
 * m.decision('crossing_offer', 'remove');
 * res.end(m.render());
 */
export class ServiceMetrics {
  readonly requests = new Counter('smugglescan_http_requests_total', 'HTTP requests by route, method and status code.');
  readonly latency = new Histogram('smugglescan_http_request_duration_seconds', 'HTTP request latency by route, in seconds.', LATENCY_BUCKETS);
  readonly decisions = new Counter(
    'smugglescan_decisions_total',
    'Posts classified, by decision and label: the top-scoring label for review and remove, "none" for allow.',
  );
  readonly errors = new Counter('smugglescan_classify_errors_total', 'Posts that could not be classified, by error code.');
  #ready = 0;

  /** Records one answered request. `route` is the route pattern, or `unmatched`. */
  request(route: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.latency.observe({ route }, seconds);
  }
  /** Records one classified post. */
  decision(label: string, decision: string): void {
    this.decisions.inc({ label, decision });
  }
  /** Records one post that could not be classified. */
  error(code: string): void {
    this.errors.inc({ code });
  }
  /** Sets the readiness gauge. */
  setReady(ready: boolean): void {
    this.#ready = ready ? 1 : 0;
  }
  /** The exposition text. */
  render(): string {
    const gauge = `# HELP smugglescan_ready 1 once the model is loaded and the service answers.\n# TYPE smugglescan_ready gauge\nsmugglescan_ready ${this.#ready}\n`;
    return this.requests.render() + this.latency.render() + this.decisions.render() + this.errors.render() + gauge;
  }
}
