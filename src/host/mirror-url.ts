// URL settings the extension will fetch from (the model mirror, the embedding server): only http(s), never file:,
// data:, javascript: or a bare path (which transformers.js would treat as local), and never credentials in the URL
// (a settings file is shared; the embedding API key belongs in SecretStorage). No vscode import, so it is unit-tested.
export function validateMirror(url: string, setting = 'embedding.mirror'): void {
  const name = setting === 'embedding.mirror' ? 'The model mirror setting' : `The setting ${setting}`;
  let u: URL;
  try { u = new URL(url); } catch { throw new Error(`${name} "${url}" is not a URL; use an http:// or https:// address.`); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${name} must be an http:// or https:// URL, not ${u.protocol}`);
  if (u.username || u.password) throw new Error(`${name} must not carry a user name or password${setting === 'embedding.mirror' ? '' : ' (set an API key with "Literature Map: Set Embedding API Key")'}.`);
}
