// Injected by scripts/build.mjs from package.json, so the taxonomy records the tool version without a runtime read.
export const TOOL_VERSION: string = process.env.LM_TOOL_VERSION ?? '0.0.0-dev';
