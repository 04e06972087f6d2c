// fast-check generators of valid taxonomies (any strings, any figures, any theme layout that keeps one theme per topic).
import fc from 'fast-check';
import { SCHEMA_VERSION, type ChunkRef, type Taxonomy, type Theme, type Topic, type TopicStatus } from '../../src/taxonomy/types';

const hex8 = fc.integer({ min: 0, max: 0xffffffff }).map((n) => n.toString(16).padStart(8, '0'));
const text = fc.string({ unit: 'grapheme', maxLength: 30 });
const num = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const count = fc.nat({ max: 10000 });
const pair = fc.tuple(count, count).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);

const chunkRef: fc.Arbitrary<ChunkRef> = fc.record({
  chunk: hex8, source: text, lines: pair,
  time: fc.option(fc.tuple(num, num).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]), { nil: undefined }),
  excerpt: text,
}).map((r) => {
  const { time, ...rest } = r;
  return time ? { chunk: rest.chunk, source: rest.source, lines: rest.lines, time, excerpt: rest.excerpt } : rest;
});

function topic(id: string): fc.Arbitrary<Topic> {
  return fc.record({
    label: text, customLabel: fc.boolean(),
    keywords: fc.array(fc.tuple(text, num), { maxLength: 4 }),
    size: count, sourceCount: count,
    npmi: fc.option(num, { nil: undefined }),
    representative: fc.array(chunkRef, { maxLength: 2 }),
    irrelevant: fc.boolean(), note: text,
    status: fc.constantFrom<TopicStatus>('new', 'kept', 'split', 'merged'),
    previous: fc.option(fc.array(hex8.map((h) => `t-${h}`), { maxLength: 2 }), { nil: undefined }),
  }).map((r) => {
    const t: Topic = { id, ...r };
    if (t.npmi === undefined) delete t.npmi;
    if (t.previous === undefined) delete t.previous;
    return t;
  });
}

export function arbTaxonomy(): fc.Arbitrary<Taxonomy> {
  return fc.record({
    topicIds: fc.uniqueArray(hex8.map((h) => `t-${h}`), { maxLength: 6 }),
    themeIds: fc.uniqueArray(hex8.map((h) => `th-${h}`), { maxLength: 4 }),
    seed: fc.nat(),
    settings: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    schema: fc.option(text, { nil: undefined }),
  }).chain(({ topicIds, themeIds, seed, settings, schema }) => fc.record({
    topics: fc.tuple(...topicIds.map(topic)),
    // Each topic goes to one theme or none (-1).
    homes: fc.array(fc.integer({ min: -1, max: themeIds.length - 1 }), { minLength: topicIds.length, maxLength: topicIds.length }),
    themes: fc.tuple(...themeIds.map((id) => fc.record({ name: text, description: text, color: fc.option(fc.constantFrom('#a1b2c3', 'charts.blue'), { nil: undefined }) }).map((r) => ({ id, ...r })))),
    quality: fc.record({ diversity: num, npmi: num, outlierShare: num }),
    vanished: fc.array(fc.record({ id: hex8.map((h) => `t-${h}`), label: text, keywords: fc.array(text, { maxLength: 3 }), size: count, themes: fc.constant([] as string[]), note: text }), { maxLength: 2 })
      .map((vs) => vs.filter((v, i) => vs.findIndex((w) => w.id === v.id) === i)),
    sources: fc.uniqueArray(text, { maxLength: 3 }).map((paths) => paths.map((p, i) => ({
      path: p, contentHash: `h${i}`, chunks: i, topicCounts: Object.fromEntries(topicIds.slice(0, i).map((id) => [id, i])),
    }))),
  }).map((r): Taxonomy => {
    const themes: Theme[] = r.themes.map((th) => {
      const topics = topicIds.filter((_, i) => r.homes[i] === themeIds.indexOf(th.id));
      return th.color === undefined ? { id: th.id, name: th.name, description: th.description, topics } : { id: th.id, name: th.name, description: th.description, color: th.color, topics };
    });
    return {
      ...(schema !== undefined ? { $schema: schema } : {}),
      schemaVersion: SCHEMA_VERSION,
      run: {
        toolVersion: '0.1.0', embedding: { backend: 'lsa', model: 'm', dim: 8 }, seed, settings: settings as Record<string, unknown>,
        corpus: { fingerprint: 'f', sources: r.sources.length, chunks: 3, outliers: 0 }, quality: r.quality,
      },
      themes, topics: r.topics, unassigned: [], vanished: r.vanished, sources: r.sources,
    };
  }));
}
