// Generates sgd.wat: the SGD epoch kernels of umap/sgd-kernels.ts (runEpoch5, runEpoch2) in WebAssembly, run by
// scripts/build-wasm.mjs, which writes sgd.wat and compiles it to sgd-wasm.ts. One function per dimension with the
// moving point in d locals, as the JS kernels; the random draw, the gradient clip and the table lookups are written
// in place (V8 does not inline wasm calls here: as calls they made the kernel slower than the JS one).
// The arithmetic is the JS kernels' operation for operation — float32 loads promoted to f64, f64 arithmetic in the
// same order, float32 stores, the same mulberry32 stream, the gradient tables read off the float32 bits of d² (the
// exact formulas, outside the tables' range, are the JS functions, imported) — so both give the same layout bits
// (test/unit/sgd-kernels-wasm.test.ts). Why: 1.6× (5-d) to 2× (2-d) faster than the JS kernels on the reference.
// Keep in step with GradientTables (optimize.ts): SHIFT, BASE and SIZE are its grid.
const SHIFT = 15, MASK = (1 << SHIFT) - 1, BASE = (-24 + 127) << 8, SIZE = (12 + 24) << 8;
const INV = 1 / (1 << SHIFT);
function sumSquares(D) {
  let s = '(f64.mul (local.get $x0) (local.get $x0))';
  for (let d = 1; d < D; d++) s = `(f64.add ${s} (f64.mul (local.get $x${d}) (local.get $x${d})))`;
  return s;
}
/** GradientTables.attractive/.repulsive of $d2, into $coeff. */
function lookup(tableGlobal, exact) {
  return `
    (local.set $bits (i32.reinterpret_f32 (f32.demote_f64 (local.get $d2))))
    (local.set $k (i32.sub (i32.shr_s (local.get $bits) (i32.const ${SHIFT})) (i32.const ${BASE})))
    (if (i32.ge_u (local.get $k) (i32.const ${SIZE}))
      (then (local.set $coeff (call $${exact} (local.get $d2))))
      (else
        (local.set $at (i32.add (global.get $${tableGlobal}) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $lo (f64.load (local.get $at)))
        (local.set $coeff (f64.add (local.get $lo)
          (f64.mul (f64.mul (f64.convert_i32_s (i32.and (local.get $bits) (i32.const ${MASK}))) (f64.const ${INV}))
            (f64.sub (f64.load offset=8 (local.get $at)) (local.get $lo)))))))`;
}
/** g > 4 ? 4 : g < -4 ? -4 : g, into $g (NaN passes through, as in JS). */
function clipInto(expr) {
  return `(local.set $g ${expr})
    (if (f64.gt (local.get $g) (f64.const 4)) (then (local.set $g (f64.const 4)))
      (else (if (f64.lt (local.get $g) (f64.const -4)) (then (local.set $g (f64.const -4))))))`;
}
/** mulberry32 (random.ts) on the state in $s, the draw in $u. */
const rngInline = `
    (local.set $s (i32.add (local.get $s) (i32.const 0x6d2b79f5)))
    (local.set $t (local.get $s))
    (local.set $t (i32.mul (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 15))) (i32.or (local.get $t) (i32.const 1))))
    (local.set $t (i32.xor (local.get $t) (i32.add (local.get $t)
      (i32.mul (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 7))) (i32.or (local.get $t) (i32.const 61))))))
    (local.set $u (f64.div (f64.convert_i32_u (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 14)))) (f64.const 4294967296)))`;
/** runEpoch<D>: params are byte offsets of the SgdState arrays in this memory, the edge and point counts, epoch, α. */
function epoch(D) {
  const r = (a) => Array.from({ length: D }, (_, d) => a(d)).join('\n');
  return `
  (func (export "epoch${D}") (param $emb i32) (param $head i32) (param $tail i32) (param $eps i32) (param $epsNeg i32)
      (param $nextSample i32) (param $nextNeg i32) (param $m i32) (param $n i32) (param $epoch f64) (param $alpha f64)
    (local $e i32) (local $j i32) (local $jo i32) (local $ko i32) (local $q i32) (local $e8 i32) (local $s i32) (local $t i32)
    (local $bits i32) (local $k i32) (local $at i32) (local $lo f64) (local $u f64)
    (local $d2 f64) (local $coeff f64) (local $g f64) (local $nNeg f64) (local $tt f64) (local $fn f64)
    ${r((d) => `(local $c${d} f64) (local $x${d} f64)`)}
    (local.set $s (global.get $rngState))
    (local.set $fn (f64.convert_i32_u (local.get $n)))
    (block $done
      (br_if $done (i32.ge_u (local.get $e) (local.get $m)))
      (loop $edges
        (local.set $e8 (i32.shl (local.get $e) (i32.const 3)))
        (block $next
          (br_if $next (f64.gt (f64.load (i32.add (local.get $nextSample) (local.get $e8))) (local.get $epoch)))
          (local.set $j (i32.load (i32.add (local.get $head) (i32.shl (local.get $e) (i32.const 2)))))
          (local.set $jo (i32.add (local.get $emb) (i32.mul (local.get $j) (i32.const ${4 * D}))))
          (local.set $ko (i32.add (local.get $emb)
            (i32.mul (i32.load (i32.add (local.get $tail) (i32.shl (local.get $e) (i32.const 2)))) (i32.const ${4 * D}))))
          ${r((d) => `(local.set $c${d} (f64.promote_f32 (f32.load offset=${4 * d} (local.get $jo))))`)}
          ${r((d) => `(local.set $x${d} (f64.sub (local.get $c${d}) (f64.promote_f32 (f32.load offset=${4 * d} (local.get $ko)))))`)}
          (local.set $d2 ${sumSquares(D)})
          (if (f64.gt (local.get $d2) (f64.const 0))
            (then
              ${lookup('att', 'attractiveExact')}
              ${r((d) => `${clipInto(`(f64.mul (local.get $coeff) (local.get $x${d}))`)}
              (local.set $c${d} (f64.add (local.get $c${d}) (f64.mul (local.get $g) (local.get $alpha))))
              (f32.store offset=${4 * d} (local.get $ko) (f32.demote_f64 (f64.sub
                (f64.promote_f32 (f32.load offset=${4 * d} (local.get $ko))) (f64.mul (local.get $g) (local.get $alpha)))))`)}))
          (f64.store (i32.add (local.get $nextSample) (local.get $e8))
            (f64.add (f64.load (i32.add (local.get $nextSample) (local.get $e8))) (f64.load (i32.add (local.get $eps) (local.get $e8)))))
          (local.set $nNeg (f64.floor (f64.div
            (f64.sub (local.get $epoch) (f64.load (i32.add (local.get $nextNeg) (local.get $e8))))
            (f64.load (i32.add (local.get $epsNeg) (local.get $e8))))))
          (local.set $tt (f64.const 0))
          (block $negDone
            (loop $neg
              (br_if $negDone (i32.eqz (f64.lt (local.get $tt) (local.get $nNeg))))
              (local.set $tt (f64.add (local.get $tt) (f64.const 1)))
              ${rngInline}
              (local.set $q (i32.trunc_f64_u (f64.floor (f64.mul (local.get $u) (local.get $fn)))))
              (br_if $neg (i32.eq (local.get $q) (local.get $j)))
              (local.set $ko (i32.add (local.get $emb) (i32.mul (local.get $q) (i32.const ${4 * D}))))
              ${r((d) => `(local.set $x${d} (f64.sub (local.get $c${d}) (f64.promote_f32 (f32.load offset=${4 * d} (local.get $ko)))))`)}
              (local.set $d2 ${sumSquares(D)})
              (br_if $neg (i32.eqz (f64.gt (local.get $d2) (f64.const 0))))
              ${lookup('rep', 'repulsiveExact')}
              ${r((d) => `${clipInto(`(f64.mul (local.get $coeff) (local.get $x${d}))`)}
              (local.set $c${d} (f64.add (local.get $c${d}) (f64.mul (local.get $g) (local.get $alpha))))`)}
              (br $neg)))
          ${r((d) => `(f32.store offset=${4 * d} (local.get $jo) (f32.demote_f64 (local.get $c${d})))`)}
          (f64.store (i32.add (local.get $nextNeg) (local.get $e8))
            (f64.add (f64.load (i32.add (local.get $nextNeg) (local.get $e8)))
              (f64.mul (local.get $nNeg) (f64.load (i32.add (local.get $epsNeg) (local.get $e8)))))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br_if $edges (i32.lt_u (local.get $e) (local.get $m)))))
    (global.set $rngState (local.get $s))
  )`;
}
export default `;; Generated by sgd.wat.mjs (scripts/build-wasm.mjs): edit that, not this.
(module
  (import "env" "attractiveExact" (func $attractiveExact (param f64) (result f64)))
  (import "env" "repulsiveExact" (func $repulsiveExact (param f64) (result f64)))
  (memory (export "memory") 1)
  ;; byte offsets of the attractive and repulsive tables (f64 each) and the mulberry32 state between epochs
  (global $att (export "att") (mut i32) (i32.const 0))
  (global $rep (export "rep") (mut i32) (i32.const 0))
  (global $rngState (export "rngState") (mut i32) (i32.const 0))
${epoch(5)}
${epoch(2)}
)
`;
