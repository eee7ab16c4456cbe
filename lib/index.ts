export { createReranker } from './create-reranker';
export type { CreateRerankerOptions, LoadingReranker } from './create-reranker';
export type { Reranker } from './reranker';
export type { LoadCallOptions, RerankCallOptions, RerankerOptions } from './reranker';
export { isErrorOf } from '../worker/errors';
export type { ErrorKind } from '../worker/errors';
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
