// Issue 8, hostile text: a transcript named `<img src=x onerror=alert(1)>.txt` whose text is `<script>alert(1)</script>`
// maps like any other file; its name reaches the taxonomy JSON unchanged (JSON escaping only) and every export escapes
// it for its format, as do a topic label and a theme name typed by the user with markup in them. (The panel and the
// tree are checked by their own tests; the tree's tooltips are guarded in security-source-rules.test.ts.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EXPORTS, renderExport } from '../../src/analysis/export';
import { assignTopic, createTheme, renameTopic, setThemeDescription } from '../../src/taxonomy/operations';
import { loadArtifact } from '../../src/cli/taxonomy-file';
import { parseTaxonomy } from '../../src/taxonomy/serialize';
import type { RunArtifact, Taxonomy } from '../../src/taxonomy/types';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';
import { mapArgs, runCli, tmpDir } from '../support/reliability-fixtures';

const NAME = '<img src=x onerror=alert(1)>.txt';
const SCRIPT = '<script>alert(1)</script>';
const THEME_NAME = '<img src=x onerror=alert(1)> & "quotes" \'too\'';

let root: string;
let taxonomyFile: string;
let taxonomy: Taxonomy;
let artifact: RunArtifact;
before(async () => {
  root = tmpDir('hostile');
  const corpus = writeSyntheticCorpus(path.join(root, 'corpus'), { filesPerSubject: 4, paragraphsPerFile: 5 });
  // Years in the other files' names, so the over-time exports have periods and carry the topic labels too.
  fs.readdirSync(corpus).sort().forEach((f, i) => fs.renameSync(path.join(corpus, f), path.join(corpus, `${2018 + (i % 3)} ${f}`)));
  // Real text around the script, so the file is a transcript like any other and lands in a topic.
  const body = Array.from({ length: 4 }, (_, i) => `${SCRIPT} The telescope showed a galaxy and a comet near the nebula, orbit ${i}. ${SCRIPT}`).join('\n\n');
  fs.writeFileSync(path.join(corpus, NAME), body + '\n');
  taxonomyFile = path.join(root, 'taxonomy.json');
  const cache = path.join(root, 'cache');
  const r = runCli(mapArgs(corpus, taxonomyFile, cache));
  assert.equal(r.code, 0, r.stderr);
  const text = fs.readFileSync(taxonomyFile, 'utf8');
  const p = parseTaxonomy(text, taxonomyFile);
  assert.ok(p.ok, 'the taxonomy is valid');
  artifact = (await loadArtifact(cache, p.taxonomy))!;
  assert.ok(artifact, 'the run artifact for the map export');
  // The user curates with markup in what they type.
  const topic = p.taxonomy.topics[0].id;
  let t = createTheme(p.taxonomy, { name: THEME_NAME, id: 'th-0bad0bad' });
  t = setThemeDescription(t, 'th-0bad0bad', `${SCRIPT} note`);
  t = assignTopic(t, topic, 'th-0bad0bad');
  taxonomy = renameTopic(t, topic, SCRIPT);
  // The hostile file as a paper too (a record of an export), in the renamed topic: the papers exports print its title.
  const src = taxonomy.sources.find((s) => s.path === NAME)!;
  src.topicCounts[topic] = (src.topicCounts[topic] ?? 0) + 1;
  src.record = { file: NAME, lines: [1, 4], key: 'evil2020', title: SCRIPT, authors: ['<img src=x onerror=alert(1)>'], year: 2020, doi: '10.1/<x>', keywords: [] };
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

test('the hostile file is mapped and recorded in the taxonomy JSON unchanged (JSON escaping only)', () => {
  const text = fs.readFileSync(taxonomyFile, 'utf8');
  const p = parseTaxonomy(text, taxonomyFile);
  assert.ok(p.ok);
  const src = p.taxonomy.sources.find((s) => s.path === NAME);
  assert.ok(src, `the source is listed under its exact name: ${p.taxonomy.sources.map((s) => s.path).join(', ')}`);
  assert.ok(src.chunks > 0, 'its text was chunked and used');
  // JSON needs no escape for < > = ( ): the name is in the file byte for byte, as a JSON string.
  assert.ok(text.includes(JSON.stringify(NAME)), 'the name appears as a plain JSON string');
  assert.doesNotMatch(text, /\\u003c|&lt;/i, 'no HTML escaping in the data file');
});

for (const spec of EXPORTS) {
  test(`export ${spec.fileName}: hostile names and labels are escaped for ${spec.format}`, () => {
    const out = renderExport(taxonomy, spec.format, spec.table, { artifact });
    switch (spec.format) {
      case 'md':
        // CommonMark: a backslash before < makes it a literal character, so every < must carry one.
        assert.doesNotMatch(out, /(^|[^\\])</m, 'no unescaped < in Markdown');
        assert.ok(out.includes('\\<script\\>alert(1)\\</script\\>'), 'the topic label, backslash-escaped');
        assert.ok(out.includes('\\<img src=x onerror=alert(1)\\>'), 'the theme name, backslash-escaped');
        break;
      case 'latex':
        assert.doesNotMatch(out, /[<>]/, 'no raw < > in LaTeX');
        assert.ok(out.includes('\\textless{}script\\textgreater{}alert(1)\\textless{}/script\\textgreater{}'));
        break;
      case 'svg': {
        // Every tag is one of the chart's own, no event handler attribute, and the labels are text.
        const tags = new Set([...out.matchAll(/<\/?([a-zA-Z][\w:-]*)/g)].map((m) => m[1]));
        for (const tag of tags) assert.ok(['svg', 'g', 'rect', 'text', 'title', 'desc', 'line', 'path', 'circle', 'tspan', 'polyline', 'polygon', 'style', 'defs', 'clipPath'].includes(tag) && tag !== 'style', `unexpected SVG element <${tag}>`);
        assert.doesNotMatch(out, /<[^>]*\son\w+\s*=/i, 'no on* attribute in any tag');
        assert.doesNotMatch(out, /(href|src)\s*=\s*["']?\s*(javascript|data|https?):/i, 'no links or remote content');
        assert.match(out, /&lt;(script|img)/, 'the hostile label shows as text');
        break;
      }
      case 'csv':
      case 'json': {
        // Data formats carry names literally (CSV as RFC 4180, JSON as strings): no HTML context to escape for.
        assert.ok(out.includes(SCRIPT) || out.includes(JSON.stringify(SCRIPT).slice(1, -1)) || out.includes(NAME) || out.includes('<img src=x onerror=alert(1)>'),
          `${spec.fileName} carries a hostile name literally`);
        if (spec.format === 'json') assert.doesNotThrow(() => JSON.parse(out));
        break;
      }
      default:
        assert.fail(`no check for format ${spec.format as string}: add one`);
    }
  });
}

test('the source × topic matrix names the hostile file exactly, as one CSV field', () => {
  const out = renderExport(taxonomy, 'csv', 'matrix');
  const line = out.split('\r\n').find((l) => l.startsWith(NAME) || l.startsWith(`"${NAME}"`));
  assert.ok(line, `a row for ${NAME}`);
});
