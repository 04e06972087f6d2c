;; Dot products over a row-major float32 matrix held in this module's memory, for the kNN: `dot` of two rows (the
;; distances) and `margin` of a row with a float64 hyperplane normal (the random-projection tree splits).
;; scripts/build-wasm.mjs compiles this to dot-wasm.ts (committed; a unit test checks the two agree).
;;
;; Why the shape: the scalar JS loop took ~300 ns per 128-d distance (float32 loads, conversions and bounds checks
;; each element); SIMD takes ~100 ns. The arithmetic is the scalar loop's exactly, so the kNN graph keeps its bytes:
;; products are exact in f64 (two 24-bit mantissas), four f64 partial sums where sum j takes the elements i ≡ j (mod 4),
;; a remainder (dim not a multiple of 4) goes into sum 0, and the result is ((s0 + s1) + s2) + s3.
(module
  (memory (export "memory") 1)
  (func (export "dot") (param $p i32) (param $q i32) (param $dim i32) (result f64)
    (local $a i32) (local $b i32) (local $end i32)
    (local $lo v128) (local $hi v128) (local $va v128) (local $vb v128) (local $s0 f64)
    (local.set $a (i32.shl (i32.mul (local.get $p) (local.get $dim)) (i32.const 2)))
    (local.set $b (i32.shl (i32.mul (local.get $q) (local.get $dim)) (i32.const 2)))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $dim) (i32.const -4)) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
      (loop $body
        (local.set $va (v128.load (local.get $a)))
        (local.set $vb (v128.load (local.get $b)))
        ;; lanes (s0, s1) from elements 0, 1 of the block; (s2, s3) from elements 2, 3
        (local.set $lo (f64x2.add (local.get $lo)
          (f64x2.mul (f64x2.promote_low_f32x4 (local.get $va)) (f64x2.promote_low_f32x4 (local.get $vb)))))
        (local.set $hi (f64x2.add (local.get $hi)
          (f64x2.mul
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $va) (local.get $va)))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $vb) (local.get $vb))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br_if $body (i32.lt_u (local.get $a) (local.get $end)))))
    (local.set $s0 (f64x2.extract_lane 0 (local.get $lo)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $dim) (i32.const 3)) (i32.const 2))))
    (block $rdone
      (br_if $rdone (i32.ge_u (local.get $a) (local.get $end)))
      (loop $rest
        (local.set $s0 (f64.add (local.get $s0)
          (f64.mul (f64.promote_f32 (f32.load (local.get $a))) (f64.promote_f32 (f32.load (local.get $b))))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br_if $rest (i32.lt_u (local.get $a) (local.get $end)))))
    (f64.add (f64.add (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $lo)))
      (f64x2.extract_lane 0 (local.get $hi))) (f64x2.extract_lane 1 (local.get $hi))))
;; offset + Σ_d normal[d] · row_p[d], normal = dim float64s at byte $normal (8-aligned). Same scheme and bits as
  ;; the scalar loop in row-store.ts: sums m0..m3 by element index mod 4, m0 starting at offset, remainder into m0.
  (func (export "margin") (param $p i32) (param $dim i32) (param $normal i32) (param $offset f64) (result f64)
    (local $a i32) (local $n i32) (local $end i32)
    (local $lo v128) (local $hi v128) (local $va v128) (local $m0 f64)
    (local.set $a (i32.shl (i32.mul (local.get $p) (local.get $dim)) (i32.const 2)))
    (local.set $n (local.get $normal))
    (local.set $lo (f64x2.replace_lane 0 (local.get $lo) (local.get $offset)))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $dim) (i32.const -4)) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
      (loop $body
        (local.set $va (v128.load (local.get $a)))
        (local.set $lo (f64x2.add (local.get $lo)
          (f64x2.mul (v128.load (local.get $n)) (f64x2.promote_low_f32x4 (local.get $va)))))
        (local.set $hi (f64x2.add (local.get $hi)
          (f64x2.mul (v128.load offset=16 (local.get $n))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $va) (local.get $va))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $n (i32.add (local.get $n) (i32.const 32)))
        (br_if $body (i32.lt_u (local.get $a) (local.get $end)))))
    (local.set $m0 (f64x2.extract_lane 0 (local.get $lo)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $dim) (i32.const 3)) (i32.const 2))))
    (block $rdone
      (br_if $rdone (i32.ge_u (local.get $a) (local.get $end)))
      (loop $rest
        (local.set $m0 (f64.add (local.get $m0)
          (f64.mul (f64.load (local.get $n)) (f64.promote_f32 (f32.load (local.get $a))))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $n (i32.add (local.get $n) (i32.const 8)))
        (br_if $rest (i32.lt_u (local.get $a) (local.get $end)))))
    (f64.add (f64.add (f64.add (local.get $m0) (f64x2.extract_lane 1 (local.get $lo)))
      (f64x2.extract_lane 0 (local.get $hi))) (f64x2.extract_lane 1 (local.get $hi))))
)
