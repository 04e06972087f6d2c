// The parts of transformers.js this extension uses, behind one module that transformers.ts imports lazily: importing
// named exports here (rather than the library's whole namespace) keeps the rest of the library out of the bundles.
export { env, pipeline, PreTrainedTokenizer } from '@huggingface/transformers';
