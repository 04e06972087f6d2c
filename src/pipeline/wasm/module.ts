// Compiling the committed WebAssembly bytes, once per module, for the kernels that have a JavaScript twin.

/**
 * A getter for the compiled module: compiled on first use, then cached; null where the runtime has no WebAssembly or
 * cannot validate the bytes (SIMD), and the caller runs its JavaScript path, which gives the same bits.
 */
export function lazyModule(base64: string): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled !== undefined) return compiled;
    try {
      const bytes = Buffer.from(base64, 'base64');
      compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
    return compiled;
  };
}
