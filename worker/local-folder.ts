import type { LocalFile } from './api';

/** A host name that cannot exist, under which a user's local folder is served to transformers.js. */
export const LOCAL_HOST = 'https://local-folder.invalid/';

/**
 * A `fetch` that answers requests under `LOCAL_HOST` from the user's files and passes
 * everything else on, so a folder picked from disk loads through the same code path
 * as a download, with no network at all.
 */
type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

export function localFolderFetch(folder: string, files: readonly LocalFile[], fallback: Fetch): Fetch {
  const byPath = new Map(files.map((f) => [`${LOCAL_HOST}${folder}/${f.path.replace(/^\/+/, '')}`, f.file]));
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input.href;
    if (!url.startsWith(LOCAL_HOST)) return fallback(input, init);
    const file = byPath.get(url.split('?')[0]!);
    if (!file) return new Response(`Not in the chosen folder: ${url.slice(LOCAL_HOST.length)}`, { status: 404 });
    return new Response(file, { status: 200, headers: { 'Content-Length': String(file.size) } });
  };
}
