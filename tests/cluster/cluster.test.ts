import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, bcubedF1, clusterPosts, createClusterer, pairwiseScores, SmuggleScanError } from '../../src/index.js';

const offer = (price: string, day: string, phone: string): string =>
  `🚤 Salida desde Marruecos a España el ${day}. Patera con motor nuevo y chalecos, plazas limitadas. Precio ${price} euros, pago al llegar. Contacto WhatsApp ${phone}`;

describe('clusterPosts', () => {
  it('links a re-post with a new price, a new date and a new number by its template', () => {
    const { clusters } = clusterPosts([
      { id: 'a', text: offer('1800', '12 de junio', '+34 555 09 09 01') },
      { id: 'b', text: offer('2200', '30 de junio', '+34 555 09 09 77') },
    ]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.posts).toEqual(['a', 'b']);
    const t = clusters[0]!.evidence.find((l) => l.kind === 'template')!;
    expect(t.similarity).toBeGreaterThan(0.9);
    expect(clusters[0]!.links.templates).toBe(1);
    expect(clusters[0]!.links.phones).toEqual([]);
  });

  it('never links distinct sellers who share only stock phrases', () => {
    const { clusters } = clusterPosts([
      { id: 's1', text: 'Trip to London this week, 4 places left, 100% safe. Inbox for details' },
      { id: 's2', text: 'Driving lessons for beginners, 4 places left this month, patient instructor, 100% safe dual-control car' },
      { id: 's3', text: 'Yoga retreat in the hills, 4 places left. Vegetarian meals included, 100% safe for beginners' },
      { id: 's4', text: 'Fresh eggs from our farm, 4 places left on the Saturday round, 100% safe packaging' },
    ]);
    expect(clusters).toEqual([]);
  });

  it('never links two posts by a famous place alone', () => {
    const { clusters } = clusterPosts([
      { id: 'p1', text: 'Flights London Paris Rome Istanbul Athens, book with our agency today' },
      { id: 'p2', text: 'Pictures from my holiday: London Paris Rome Istanbul Athens, what a summer' },
    ]);
    expect(clusters).toEqual([]);
  });

  it('links a new handle to the old one through the same phone, in another language', () => {
    const { clusters } = clusterPosts([
      { id: 'old', text: 'Real passports with your photo, delivered in 10 days. Telegram @passmaster_ldn or call +44 7700 900103' },
      { id: 'new', text: 'Nouveau compte telegram @passmaster_ldn2, même numéro +447700900103. Passeports et titres de séjour' },
    ]);
    expect(clusters[0]!.posts).toEqual(['old', 'new']);
    expect(clusters[0]!.links.phones).toEqual(['+447700900103']);
    expect(clusters[0]!.links.handles).toEqual([]);
  });

  it('links t.me links and @handles of one account, and wa.me links to the phone', () => {
    const { clusters } = clusterPosts([
      { id: 'x', text: 'Game to Croatia, join t.me/balkan_taxi' },
      { id: 'y', text: 'taxi waiting at the border, write @Balkan_Taxi' },
      { id: 'z', text: 'ask on wa.me/447700900113 for prices' },
      { id: 'w', text: 'WhatsApp +44 7700 900113 for the taxi' },
    ]);
    expect(clusters.map((c) => c.posts)).toEqual([['x', 'y'], ['z', 'w']]);
    expect(clusters[0]!.links.handles).toEqual(['balkan_taxi']);
  });

  it('gives evidence spans of the original text, emoji, invisible characters and all', () => {
    const a = '🇬🇧🇬🇧 Boat\u200B to UK, 5 places. WhatsApp +44 7700 900101 ask for Kawa';
    const b = 'New group forming, message Kawa on +447700900101 📞';
    const { clusters } = clusterPosts([
      { id: 'a', text: a },
      { id: 'b', text: b },
    ]);
    const link = clusters[0]!.evidence[0]!;
    expect(link.kind).toBe('phone');
    expect(link.ends.map((e) => [e.post, e.text])).toEqual([
      ['a', '+44 7700 900101'],
      ['b', '+447700900101'],
    ]);
    expect(a.slice(link.ends[0].start, link.ends[0].end)).toBe(link.ends[0].text);
    expect(b.slice(link.ends[1].start, link.ends[1].end)).toBe(link.ends[1].text);
  });

  it('gives template evidence as spans of the original text', () => {
    const a = offer('1800', '12 de junio', '+34 555 09 09 01');
    const b = `Ｏｆｅｒｔａ!! ${offer('2000', '2 de julio', '+34 555 09 09 02')}`;
    const { clusters } = clusterPosts([{ id: 'a', text: a }, { id: 'b', text: b }]);
    const t = clusters[0]!.evidence.find((l) => l.kind === 'template')!;
    expect(a.slice(t.ends[0].start, t.ends[0].end)).toBe(t.ends[0].text);
    expect(b.slice(t.ends[1].start, t.ends[1].end)).toBe(t.ends[1].text);
    expect(t.ends[1].text).toContain('Patera con motor nuevo');
    expect(t.ends[1].text).not.toContain('Ｏｆｅｒｔａ');
  });

  it('ignores an indicator that is in very many posts (a helpline, a big site)', () => {
    const posts = Array.from({ length: 6 }, (_, i) => ({ id: `h${i}`, text: `Story number ${i} about topic ${'abcdef'[i]}, see https://www.example.org/help` }));
    expect(clusterPosts(posts, { indicatorCap: 5 }).clusters).toEqual([]);
    expect(clusterPosts(posts).clusters[0]!.size).toBe(6);
  });

  it('turns bad records into error entries, in place, and clusters the rest', () => {
    const { assignments, clusters } = clusterPosts([
      { id: 'a', text: 'call +44 7700 900101' },
      { id: 'bad', text: 42 },
      null,
      { id: 'a', text: 'duplicate id' },
      { id: 'c', text: 'WhatsApp +447700900101' },
    ]);
    expect(assignments.map((x) => ('error' in x ? `${x.id}:${x.error.code}` : `${x.id}→${x.cluster}`))).toEqual(['a→a', 'bad:INVALID_INPUT', 'null:INVALID_INPUT', 'a:INVALID_INPUT', 'c→a']);
    expect(clusters[0]!.posts).toEqual(['a', 'c']);
  });

  it('rejects bad options with INVALID_OPTIONS naming the option', () => {
    expect(() => clusterPosts([], { templateThreshold: 2 })).toThrow(SmuggleScanError);
    try {
      clusterPosts([], { bands: 0 });
    } catch (e) {
      expect((e as SmuggleScanError).issues[0]!.path).toEqual(['bands']);
    }
  });
});

describe('createClusterer (incremental)', () => {
  it('keeps cluster ids stable as posts arrive: the earliest post names the cluster', () => {
    const c = createClusterer();
    expect(c.add([{ id: 'p1', text: 'Boat this week, WhatsApp +44 7700 900101' }])).toEqual([{ id: 'p1', cluster: 'p1' }]);
    expect(c.add([{ id: 'p2', text: 'Trip again, call +447700900101' }])).toEqual([{ id: 'p2', cluster: 'p1' }]);
    c.add([{ id: 'q1', text: 'Fake papers, telegram @doc_q' }, { id: 'q2', text: 'papers still, @doc_q' }]);
    expect(c.clusterOf('q2')).toBe('q1');
    // A bridge post merges the two: the older cluster's id wins, the other's posts follow.
    c.add([{ id: 'bridge', text: 'same team: +44 7700 900101 and @doc_q' }]);
    expect(['p1', 'p2', 'q1', 'q2', 'bridge'].map((id) => c.clusterOf(id))).toEqual(['p1', 'p1', 'p1', 'p1', 'p1']);
    expect(c.clusters().map((x) => x.cluster)).toEqual(['p1']);
    expect(c.size).toBe(5);
  });

  it('gives the same partition whether posts come in one batch or one by one', () => {
    const posts = [
      { id: 'a', text: offer('1800', '12 de junio', '+34 555 09 09 01') },
      { id: 'b', text: 'Other seller, WhatsApp +34 555 09 09 01 for Ceuta' },
      { id: 'c', text: offer('2400', '1 de julio', '+34 555 00 00 00') },
      { id: 'd', text: 'Nothing in common with anyone here, a cake recipe with flour and eggs' },
    ];
    const batch = clusterPosts(posts).clusters.map((x) => x.posts);
    const c = createClusterer();
    for (const p of posts) c.add([p]);
    expect(c.clusters().map((x) => x.posts)).toEqual(batch);
    expect(batch).toEqual([['a', 'b', 'c']]);
  });
});

describe('clustering metrics', () => {
  const truth = new Map([['a', 'X'], ['b', 'X'], ['c', 'X'], ['d', 'Y'], ['e', 'Y']]);
  it('are 1 for a perfect clustering', () => {
    const pred = new Map([['a', '1'], ['b', '1'], ['c', '1'], ['d', '2'], ['e', '2']]);
    expect(pairwiseScores(truth, pred)).toMatchObject({ precision: 1, recall: 1 });
    expect(bcubedF1(truth, pred).f1).toBe(1);
    expect(adjustedRandIndex(truth, pred)).toBe(1);
  });
  it('match hand-computed values', () => {
    // Predicted {a,b} {c,d,e}: pairs ab, cd, ce, de; true pairs ab, ac, bc, de.
    const pred = new Map([['a', '1'], ['b', '1'], ['c', '2'], ['d', '2'], ['e', '2']]);
    const p = pairwiseScores(truth, pred);
    expect([p.truePairs, p.predictedPairs, p.actualPairs]).toEqual([2, 4, 4]);
    expect(p.precision).toBeCloseTo(0.5);
    // B-cubed precision: a,b 1; c 1/3; d,e 2/3 → 11/15; recall: a,b 2/3; c 1/3; d,e 1 → 11/15.
    expect(bcubedF1(truth, pred).precision).toBeCloseTo(11 / 15);
    expect(bcubedF1(truth, pred).recall).toBeCloseTo(11 / 15);
    // ARI: index 2, a = 4, b = 4, pairs 10 → expected 1.6, max 4 → (2 - 1.6) / 2.4.
    expect(adjustedRandIndex(truth, pred)).toBeCloseTo(0.4 / 2.4);
  });
});
