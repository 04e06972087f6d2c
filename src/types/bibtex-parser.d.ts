// @retorquere/bibtex-parser ships its types behind an "exports" map, which this project's classic "node" module
// resolution (kept for the CJS extension bundle) does not read: point the package name at them.
declare module '@retorquere/bibtex-parser' {
  export * from '@retorquere/bibtex-parser/dist/types/index';
}
