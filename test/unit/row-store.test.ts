import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { jsDot, jsMargin, rowStore } from '../../src/pipeline/row-store';
import { mulberry32 } from '../../src/pipeline/random';

// The kNN's results must not depend on whether the WebAssembly SIMD kernel or the scalar loop ran.
test('SIMD dot and margin return the scalar loops\' exact bits, for every dimension residue', () => {
  const rng = mulberry32(3);
  for (const dim of [1, 2, 3, 4, 5, 7, 8, 128, 130, 383, 384]) {
    const rows = 40;
    const simd = rowStore(rows, dim);
    assert.equal(simd.simd, true, 'this Node has WebAssembly SIMD, so the fast path must be the one tested');
    const plain = rowStore(rows, dim, { simd: false });
    assert.equal(plain.simd, false);
    for (let i = 0; i < rows * dim; i++) simd.data[i] = plain.data[i] = Math.fround((rng() - 0.5) * (rng() < 0.1 ? 1e6 : 1));
    for (let d = 0; d < dim; d++) simd.normal[d] = plain.normal[d] = (rng() - 0.5) * 3;
    for (let p = 0; p < rows; p++) {
      for (let q = 0; q < rows; q += 3) {
        const want = jsDot(plain.data, p, q, dim);
        assert.ok(Object.is(simd.dot(p, q, dim), want), `dot dim ${dim} (${p}, ${q})`);
        assert.ok(Object.is(plain.dot(p, q, dim), want));
      }
      const offset = rng() - 0.5;
      const want = jsMargin(plain.data, plain.normal, p, dim, offset);
      assert.ok(Object.is(simd.margin(p, dim, simd.normalPtr, offset), want), `margin dim ${dim} row ${p}`);
      assert.ok(Object.is(plain.margin(p, dim, plain.normalPtr, offset), want));
    }
  }
});

test('an empty store works (0 rows)', () => {
  const s = rowStore(0, 16);
  assert.equal(s.data.length, 0);
  assert.equal(s.normal.length, 16);
});

test('the committed WebAssembly bytes are the compiled .wat (scripts/build-wasm.mjs --check)', () => {
  const root = path.resolve(__dirname, '..', '..', '..');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-wasm.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
