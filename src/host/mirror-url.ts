// The model mirror setting is a URL the extension will fetch model files from: only http(s), never file:, data:,
// javascript: or a bare path (which transformers.js would treat as local). No vscode import, so it is unit-tested.
export function validateMirror(url: string): void {
  let u: URL;
  try { u = new URL(url); } catch { throw new Error(`The model mirror setting "${url}" is not a URL; use an http:// or https:// address.`); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`The model mirror setting must be an http:// or https:// URL, not ${u.protocol}`);
  if (u.username || u.password) throw new Error('The model mirror setting must not carry a user name or password.');
}
