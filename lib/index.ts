export { createReranker } from './create-reranker';
export type { CreateRerankerOptions, RerankCallOptions, Reranker } from './create-reranker';
export { PRESETS, DEFAULT_PRESET_ID } from '../worker/registry';
export { untrustedModelOrigin } from '../worker/model-origin';
export type { Preset } from '../worker/registry';
export type {
  Device,
  Dtype,
  LoadProgress,
  ModelInfo,
  PartialResult,
  Passage,
  RerankResult,
  ScoredPassage,
} from '../worker/api';
