// What every view reads: the host's state (the taxonomy as the file says), the map arrays, UI state and the actions.
import type { ChunkLocation } from '../src/chunk-location';
import type { ChunkItem, CurationAction, HierarchyTree, PanelState, PanelUiState } from '../src/protocol';
import type { Taxonomy, Theme, Topic } from '../src/taxonomy/types';

export interface MapData {
  coords: Float32Array;
  topicIndex: Int32Array;
  topicIds: string[];
}

export interface PanelContext {
  readonly state: PanelState | null;
  readonly map: MapData | null;
  readonly ui: PanelUiState;
  readonly index: TaxonomyIndex | null;
  setUi(patch: Partial<PanelUiState>): void;
  act(a: CurationAction): Promise<boolean>;
  selectTopic(id: string | null, opts?: { show?: PanelUiState['tab'] }): void;
  notice(message: string, kind?: 'info' | 'error'): void;
  openChunk(c: ChunkLocation): void;
  chunks(topicId: string, offset: number, limit: number): Promise<{ total: number; items: ChunkItem[] }>;
  excerpt(index: number): Promise<ChunkItem | null>;
  hierarchy(): Promise<HierarchyTree>;
}

/** Lookups derived from the taxonomy, rebuilt on every state message. */
export class TaxonomyIndex {
  readonly topicById = new Map<string, Topic>();
  readonly themeById = new Map<string, Theme>();
  readonly themeOfTopic = new Map<string, Theme>();

  constructor(readonly taxonomy: Taxonomy) {
    for (const t of taxonomy.topics) this.topicById.set(t.id, t);
    for (const th of taxonomy.themes) {
      this.themeById.set(th.id, th);
      for (const id of th.topics) this.themeOfTopic.set(id, th);
    }
  }

  /** Topics in no theme and not irrelevant, in file order. */
  unassigned(): Topic[] {
    return this.taxonomy.topics.filter((t) => !t.irrelevant && !this.themeOfTopic.has(t.id));
  }

  irrelevant(): Topic[] {
    return this.taxonomy.topics.filter((t) => t.irrelevant && !this.themeOfTopic.has(t.id));
  }
}
