/** A host name that cannot exist, under which a user's local folder is served to transformers.js (see `model-fetch.ts`). */
export const LOCAL_HOST = 'https://local-folder.invalid/';
