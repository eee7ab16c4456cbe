/** Each family's loading code, for the worker only: it imports transformers.js, which the family table must not. */
import type { FamilyId } from './index';
import { crossEncoderModel } from './cross-encoder-model';
import { llamaModel } from './llama-model';
import type { FamilyModel } from './types';

export const MODELS: { readonly [Id in FamilyId]: FamilyModel } = {
  'cross-encoder': crossEncoderModel,
  'llama-seq-cls': llamaModel,
};
