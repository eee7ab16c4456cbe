/** Settings shared by presets (registry.ts) and family defaults (families/), kept apart so neither imports the other. */
import type { Dtype } from './api';

/** How a query and a passage become the two texts the model sees. `{query}`, `{title}` and `{text}` are filled in. */
export interface Template {
  query: string;
  passage: string;
  /** Used instead of `passage` when the passage has no title; absent means `passage` is used with an empty title. */
  passageNoTitle?: string;
}

/**
 * The dtypes to load per device, best first. A preset names the one its repository publishes;
 * a model that is not a preset lists what a folder of its family may publish, and the first
 * graph file the folder has is loaded.
 */
export interface DtypeChoice {
  /** Used on WebGPU when the adapter lacks `shader-f16`. */
  webgpu: readonly Dtype[];
  /** Used on WebGPU when the adapter has `shader-f16`. */
  webgpuF16?: readonly Dtype[];
  wasm: readonly Dtype[];
}

export type Activation = 'sigmoid' | 'identity';
