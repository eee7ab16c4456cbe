import type { Device, Dtype } from '../api';
import type { Activation, DtypeChoice, Template } from '../model-types';

/** One (query, passage) pair after templating and tokenization, ready to batch. */
export interface EncodedPair {
  ids: number[];
  /** Segment ids, for families whose graph takes `token_type_ids`. */
  typeIds?: number[];
  /** True when the pair was cut to fit the model's maximum length. */
  truncated: boolean;
}

export interface FamilyLoadOptions {
  /** The id to hand to transformers.js `from_pretrained`; the engine has already pointed `env.remoteHost` and `env.remotePathTemplate` at the model's folder (`resolve-model.ts`): a hub id, or a `folder-…` id whose path lives in the template. */
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

/** The fields of a Hugging Face `config.json` that a family's rule reads. */
export interface ModelConfig {
  model_type?: unknown;
}

/** Settings for a model of the family that is not a preset, such as one given by hub id or folder URL. */
export interface FamilyDefaults {
  template: Template;
  maxLength: number;
  dtypes: DtypeChoice;
  activation: Activation;
}

/**
 * A model family as the registry and the page know it. Its loading code is a `FamilyModel` in a
 * module of its own: that code imports transformers.js, which the page must not bundle.
 */
export interface Family<Id extends string = string> {
  id: Id;
  /** Whether a `config.json` is one of this family's; families are asked in table order. */
  recognises(config: ModelConfig): boolean;
  defaults: FamilyDefaults;
}

/** How a family loads its graph and what its logits mean: the worker's side of a family. */
export interface FamilyModel {
  load(options: FamilyLoadOptions): Promise<ScoringModel>;
}
