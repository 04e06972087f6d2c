// Types of vsix-layout.mjs for the tests that import it.
export declare const TARGETS: Record<string, string | null>;
export declare const RUNTIME_DIR: string;
export declare function vsixFiles(root: string, target: string): Array<{ from: string; to: string }>;
export declare function vsixManifest(pkg: Record<string, unknown>): Record<string, unknown>;
export declare function vsixName(pkg: { name: string; version: string }, target: string): string;
