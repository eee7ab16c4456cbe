import type { Preset } from '../registry';
import type { Family } from './types';
import { crossEncoderFamily } from './cross-encoder';
import { llamaFamily } from './llama';

export const FAMILIES: Record<Preset['family'], Family> = {
  'cross-encoder': crossEncoderFamily,
  'llama-seq-cls': llamaFamily,
};
