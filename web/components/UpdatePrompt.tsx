import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * Registers the app's service worker (a no-op in the dev server) and, when a new build has
 * installed and is waiting, offers to switch. Until then this page, and any page opened
 * meanwhile, keeps running the build it started with; accepting activates the new worker,
 * and every open page of the app reloads onto it.
 */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  if (!needRefresh) return null;
  return (
    <div role="status" data-testid="update-prompt" className="update-prompt">
      A new version of this app is available.
      <button type="button" data-testid="update-reload" onClick={() => updateServiceWorker()}>
        Reload
      </button>
    </div>
  );
}
