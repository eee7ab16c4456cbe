import { exportGuidance, findPreset, type Preset } from './registry';
import { InputError } from './errors';
import { LOCAL_HOST } from './local-folder';

/** Where a model's files come from, in the terms transformers.js needs to find them. */
export interface ModelSource {
  /** The preset, when the reference named one; URL models get theirs from their config later. */
  preset?: Preset;
  /** The id handed to `from_pretrained`. */
  id: string;
  /** `env.remoteHost` and `env.remotePathTemplate` that make transformers.js fetch from this model's folder. */
  host: string;
  pathTemplate: string;
  /** The model folder's URL, for messages. */
  url: string;
  /** Same-origin files are not cached by the browser, so that regenerated models are never stale. */
  sameOrigin: boolean;
}

const HUB = 'https://huggingface.co';
const HUB_TEMPLATE = '{model}/resolve/{revision}/';
const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

/**
 * A reference is a preset id, a hub id (`owner/name`), or a URL (absolute, or a path on
 * this origin) of a folder in Hugging Face layout. transformers.js fetches remote models
 * from `remoteHost` + `remotePathTemplate`, so a URL becomes a host of its own whose only
 * "repository" is the model folder.
 */
export function resolveModelSource(reference: string, origin: string, localFolder = false): ModelSource {
  const ref = reference.trim();
  if (!ref) throw new InputError('No model was given. Pick a preset or enter a hub id or URL.');
  if (localFolder) {
    const name = ref.replace(/[^\w.-]+/g, '-');
    return { id: name, host: LOCAL_HOST, pathTemplate: '{model}/', url: `the local folder "${ref}"`, sameOrigin: true };
  }
  const preset = findPreset(ref);
  const guidance = preset && exportGuidance(preset);
  if (guidance) throw new InputError(guidance);
  const hub = { host: `${HUB}/`, pathTemplate: HUB_TEMPLATE, sameOrigin: false };
  if (preset?.hubId) return { preset, id: preset.hubId, url: `${HUB}/${preset.hubId}`, ...hub };
  if (HUB_ID.test(ref) && !ref.startsWith('.')) return { id: ref, url: `${HUB}/${ref}`, ...hub };

  let url: URL;
  try {
    url = new URL(ref, origin);
  } catch {
    throw new InputError(`"${ref}" is neither a preset, a hub id like "owner/name", nor a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`Models can only be loaded over http(s); "${ref}" uses ${url.protocol}`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  const cut = path.lastIndexOf('/');
  const name = path.slice(cut + 1);
  if (!name) throw new InputError(`"${ref}" does not name a model folder.`);
  return {
    id: name,
    host: `${url.origin}${path.slice(0, cut + 1)}`,
    pathTemplate: '{model}/',
    url: `${url.origin}${path}`,
    sameOrigin: url.origin === new URL(origin).origin,
  };
}
