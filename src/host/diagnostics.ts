// Taxonomy file problems as editor diagnostics: the Problems view and squiggles show where a hand edit went wrong.
import * as vscode from 'vscode';
import type { TaxonomyProblem } from '../taxonomy/types';

export function toDiagnostics(problems: readonly TaxonomyProblem[]): vscode.Diagnostic[] {
  return problems.map((p) => {
    const line = Math.max(0, (p.line || 1) - 1);
    const col = Math.max(0, (p.column || 1) - 1);
    const d = new vscode.Diagnostic(new vscode.Range(line, col, line, col + 1), p.message, vscode.DiagnosticSeverity.Error);
    d.source = 'Literature Map';
    return d;
  });
}
