import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitGraph, findAbParams, optimizeLayout } from '../../src/pipeline/umap/index';
import { GradientTables } from '../../src/pipeline/umap/optimize';
import { wasmSgd } from '../../src/pipeline/umap/sgd-kernels-wasm';
import { mulberry32, gaussian } from '../../src/pipeline/random';
import type { Matrix } from '../../src/pipeline/types';

// The WebAssembly SGD kernels (src/pipeline/wasm/sgd.wat.mjs) must give the JS kernels' bits exactly: the layout,
// and so every cluster and topic downstream, cannot depend on which ran.
function blobs(n: number, dim: number, seed: number): Matrix {
  const g = gaussian(mulberry32(seed));
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = (d === i % 5 ? 4 : 0) + g();
  return { data, rows: n, dim };
}

const bytes = (m: Matrix) => Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);

test('the WebAssembly kernels exist here for 5-d and 2-d (so the comparisons below compare two paths)', () => {
  for (const dim of [5, 2]) {
    const st = {
      emb: new Float32Array(3 * dim), head: Int32Array.of(0, 1), tail: Int32Array.of(1, 2), eps: Float64Array.of(1, 1),
      epsNeg: Float64Array.of(0.2, 0.2), nextSample: Float64Array.of(1, 1), nextNeg: Float64Array.of(0.2, 0.2), n: 3, dim,
      a: 1.58, b: 0.9, gamma: 1, rng: mulberry32(1), coeffs: new GradientTables(1.58, 0.9, 1),
    };
    assert.ok(wasmSgd(st, 1), `a kernel for ${dim}-d`);
  }
  assert.equal(wasmSgd({ dim: 3 } as Parameters<typeof wasmSgd>[0], 1), null, 'no kernel for 3-d: the JS one runs');
});

for (const [dim, minDist] of [[5, 0], [2, 0.1]] as const) {
  test(`${dim}-d layout: WebAssembly and JS kernels give the same bits (spectral start, 300 epochs)`, async () => {
    const X = blobs(700, 12, dim);
    const graph = await fitGraph(X, { nNeighbors: 12, seed: 4, metric: 'euclidean' });
    const { a, b } = findAbParams(1, minDist);
    const opts = { nComponents: dim, seed: 9, a, b, nEpochs: 300 };
    const fast = await optimizeLayout(graph, opts);
    const js = await optimizeLayout(graph, { ...opts, kernel: 'js' });
    assert.ok(bytes(fast).equals(bytes(js)));
  });
}

test('points a hair apart (d² below the gradient tables, the exact formulas run) and exact duplicates: same bits', async () => {
  const X = blobs(300, 8, 3);
  const graph = await fitGraph(X, { nNeighbors: 10, seed: 4, metric: 'euclidean' });
  const n = X.rows, dim = 5;
  const rng = mulberry32(5);
  const coords = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) {
      // Pairs (2k, 2k+1) start 1e-7 apart or on top of each other.
      coords[i * dim + d] = i % 2 === 1 ? coords[(i - 1) * dim + d] + (i % 4 === 1 ? 1e-7 : 0) : rng() * 10;
    }
  }
  const { a, b } = findAbParams(1, 0);
  const opts = { nComponents: dim, seed: 2, a, b, nEpochs: 60, initial: { coords, width: dim } };
  // Count the off-grid calls (the tables span d² in [2^-24, 2^12)), to know the imported exact path really ran.
  const proto = GradientTables.prototype;
  const [att, rep] = [proto.attractiveExact, proto.repulsiveExact];
  let offGrid = 0;
  const counting = (f: (d2: number) => number) => function (this: GradientTables, d2: number) {
    if (d2 < 2 ** -24 || d2 >= 2 ** 12) offGrid++;
    return f.call(this, d2);
  };
  proto.attractiveExact = counting(att);
  proto.repulsiveExact = counting(rep);
  try {
    const fast = await optimizeLayout(graph, opts);
    assert.ok(offGrid > 0, 'the WebAssembly kernel called the exact formulas');
    const js = await optimizeLayout(graph, { ...opts, kernel: 'js' });
    assert.ok(bytes(fast).equals(bytes(js)));
  } finally {
    proto.attractiveExact = att;
    proto.repulsiveExact = rep;
  }
});
