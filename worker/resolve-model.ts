import type { LocalFile } from './api';
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
  /** The origin every file of the model is requested from: the policy in `model-origin.ts` judges it. */
  origin: string;
  /** Same-origin files are not cached by the browser, so that regenerated models are never stale. */
  sameOrigin: boolean;
}

const HUB = 'https://huggingface.co';
const HUB_TEMPLATE = '{model}/resolve/{revision}/';
const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

/** FNV-1a, for short ids that differ whenever the folder differs. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/**
 * transformers.js refuses ids that are not hub-like (`model (1)` is "invalid") and memoises
 * file metadata by id, so folders get an id of their own that is always valid and unique
 * to the folder, and their path lives in the path template instead.
 */
const folderId = (key: string) => `folder-${hashOf(key)}`;

/**
 * A reference is a preset id, a hub id (`owner/name`), or a URL (absolute, or a path on
 * this origin) of a folder in Hugging Face layout. transformers.js fetches remote models
 * from `remoteHost` + `remotePathTemplate`, so a URL becomes a host of its own whose only
 * "repository" is the model folder. `localFolder` names the user's files (the engine serves
 * them under `LOCAL_HOST`); its value tells folders of the same name apart.
 */
export function resolveModelSource(reference: string, origin: string, localFolder?: string): ModelSource {
  const ref = reference.trim();
  if (!ref) throw new InputError('No model was given. Pick a preset or enter a hub id or URL.');
  if (localFolder !== undefined) {
    const id = folderId(localFolder);
    return {
      id,
      host: LOCAL_HOST,
      pathTemplate: `${id}/`,
      url: `the local folder "${ref}"`,
      origin: new URL(LOCAL_HOST).origin,
      sameOrigin: true,
    };
  }
  const preset = findPreset(ref);
  const guidance = preset && exportGuidance(preset);
  if (guidance) throw new InputError(guidance);
  const hub = { host: `${HUB}/`, pathTemplate: HUB_TEMPLATE, origin: HUB, sameOrigin: false };
  if (preset?.hubId) return { preset, id: preset.hubId, url: `${HUB}/${preset.hubId}`, ...hub };
  if (HUB_ID.test(ref) && !ref.startsWith('.')) return { id: ref, url: `${HUB}/${ref}`, ...hub };

  let url: URL;
  try {
    // The same resolution decides where files come from and which origin the policy judges.
    url = new URL(ref, origin);
  } catch {
    throw new InputError(`"${ref}" is neither a preset, a hub id like "owner/name", nor a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`Models can only be loaded over http(s); "${ref}" uses ${url.protocol}`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.slice(path.lastIndexOf('/') + 1)) throw new InputError(`"${ref}" does not name a model folder.`);
  const folder = `${url.origin}${path}`;
  return {
    id: folderId(folder),
    host: `${url.origin}/`,
    pathTemplate: `${path.slice(1)}/`,
    url: folder,
    origin: url.origin,
    sameOrigin: url.origin === new URL(origin).origin,
  };
}

/** The URL of the model's folder that transformers.js requests files under, ending in `/`. */
export function folderUrl(source: ModelSource): string {
  return `${source.host}${source.pathTemplate.replaceAll('{model}', source.id).replaceAll('{revision}', 'main')}`;
}

/** What tells two picked folders of the same name apart: their files' paths, sizes and dates. */
export function folderKey(name: string, files: readonly LocalFile[]): string {
  return [name, ...files.map((f) => `${f.path}:${f.file.size}:${(f.file as Partial<File>).lastModified ?? ''}`)].join('|');
}
