import type { Device, Dtype } from '../api';

/** One (query, passage) pair after templating and tokenization, ready to batch. */
export interface EncodedPair {
  ids: number[];
  /** Segment ids, for families whose graph takes `token_type_ids`. */
  typeIds?: number[];
  /** True when the pair was cut to fit the model's maximum length. */
  truncated: boolean;
}

export interface FamilyLoadOptions {
  /** The id to hand to transformers.js `from_pretrained`; the engine has already pointed `env` so that it resolves (hub id, or a folder name under `env.localModelPath` for URL models). */
  source: string;
  device: Device;
  dtype: Dtype;
  maxLength: number;
  /** Raw transformers.js progress events. */
  onProgress: (event: unknown) => void;
}

/** A loaded model of some family: how to encode a pair and how to turn a batch into one logit per row. */
export interface ScoringModel {
  encodePair(query: string, passage: string): EncodedPair;
  /**
   * Pads `rows` to a common length (at least `padTo`, which benchmarks use to mimic
   * fixed-length padding) as the family requires, and returns one logit per row.
   */
  score(rows: EncodedPair[], padTo?: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** A model family: the one place that knows how to load its graph and what its logits mean. */
export interface Family {
  id: string;
  load(options: FamilyLoadOptions): Promise<ScoringModel>;
}
