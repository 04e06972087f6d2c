// Maps each curation message from the panel to the taxonomy operation that performs it. No vscode import.
import type { CurationAction } from '../../protocol';
import * as ops from '../../taxonomy/operations';
import * as suggestionOps from '../../taxonomy/suggestion-ops';
import type { Taxonomy } from '../../taxonomy/types';

export type PlannedEdit =
  /** confirm: a question the researcher must answer yes to first (with `confirmed` applied instead), when it returns one. */
  | { kind: 'op'; op: (t: Taxonomy) => Taxonomy; description: string; confirm?: { question: (t: Taxonomy) => string | undefined; button: string; confirmed: (t: Taxonomy) => Taxonomy } }
  | { kind: 'merge'; topicIds: string[] }
  | { kind: 'history'; verb: 'undo' | 'redo' };

export function planEdit(a: CurationAction): PlannedEdit {
  switch (a.type) {
    case 'createTheme': {
      const args = { name: a.name, ...(a.description !== undefined ? { description: a.description } : {}), ...(a.color !== undefined ? { color: a.color } : {}) };
      return { kind: 'op', op: (t) => ops.createTheme(t, args), description: `Create theme "${a.name}"` };
    }
    case 'renameTheme':
      return { kind: 'op', op: (t) => ops.renameTheme(t, a.themeId, a.name), description: `Rename theme to "${a.name}"` };
    case 'setThemeDescription':
      return { kind: 'op', op: (t) => ops.setThemeDescription(t, a.themeId, a.text), description: 'Edit theme description' };
    case 'deleteTheme':
      return { kind: 'op', op: (t) => ops.deleteTheme(t, a.themeId), description: 'Delete theme' };
    case 'moveTheme':
      return { kind: 'op', op: (t) => ops.moveTheme(t, a.themeId, a.toIndex), description: 'Reorder themes' };
    case 'assignTopic':
      return { kind: 'op', op: (t) => ops.assignTopic(t, a.topicId, a.themeId, a.index), description: a.themeId ? 'Assign topic to theme' : 'Unassign topic' };
    case 'renameTopic':
      return { kind: 'op', op: (t) => ops.renameTopic(t, a.topicId, a.label), description: `Rename topic to "${a.label}"` };
    case 'setTopicNote':
      return { kind: 'op', op: (t) => ops.setTopicNote(t, a.topicId, a.note), description: 'Edit topic note' };
    case 'setIrrelevant':
      return { kind: 'op', op: (t) => ops.setIrrelevant(t, a.topicId, a.irrelevant), description: a.irrelevant ? 'Mark topic irrelevant' : 'Mark topic relevant' };
    case 'mergeTopics':
      return { kind: 'merge', topicIds: [...a.topicIds] };
    case 'restoreVanished':
      return { kind: 'op', op: (t) => ops.restoreVanishedAsNote(t, a.vanishedId, a.target), description: 'Restore a vanished topic as a note' };
    case 'dismissVanished':
      return { kind: 'op', op: (t) => ops.dismissVanished(t, [a.vanishedId]), description: 'Dismiss a vanished topic' };
    case 'undo':
    case 'redo':
      return { kind: 'history', verb: a.type };
    case 'acceptLabelSuggestion': {
      const opts = a.editedLabel !== undefined ? { editedLabel: a.editedLabel } : {};
      return {
        kind: 'op', description: 'Accept suggested label',
        op: (t) => suggestionOps.acceptLabelSuggestion(t, a.topicId, a.index, opts),
        // A label the researcher chose is only replaced on an explicit yes.
        confirm: {
          question: (t) => {
            const tp = t.topics.find((x) => x.id === a.topicId);
            const s = tp?.suggestions?.[a.index];
            const label = a.editedLabel ?? s?.label;
            return tp?.customLabel && s && tp.label !== label ? `Replace your label "${tp.label}" with "${label}"?` : undefined;
          },
          button: 'Replace',
          confirmed: (t) => suggestionOps.acceptLabelSuggestion(t, a.topicId, a.index, { ...opts, replaceCustom: true }),
        },
      };
    }
    case 'rejectLabelSuggestion':
      return { kind: 'op', op: (t) => suggestionOps.rejectLabelSuggestion(t, a.topicId, a.index), description: 'Reject suggested label' };
    case 'acceptThemeSuggestion':
      return {
        kind: 'op', description: 'Accept suggested theme',
        op: (t) => (a.topicId !== undefined ? suggestionOps.acceptThemeSuggestionTopic(t, a.suggestionId, a.topicId) : suggestionOps.acceptThemeSuggestion(t, a.suggestionId).taxonomy),
      };
    case 'rejectThemeSuggestion':
      return { kind: 'op', op: (t) => suggestionOps.rejectThemeSuggestion(t, a.suggestionId, a.topicId), description: 'Reject suggested theme' };
  }
}
