import { defineConfig } from '@playwright/test';

// E2E_PORT lets two checkouts run their suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The e2e build (`npm run build:e2e`), the only one with `?testHooks`; specs that drive the client directly go there. */
export const HOOKS_PORT = PORT + 1;
/** For specs that start a server of their own (the library consumer app). */
export const SPARE_PORT = PORT + 2;
/** For the apps that install the packed library outside this repository (e2e/packaged.spec.ts), one at a time. */
export const PACKAGED_PORT = PORT + 3;
/** The HTTPS imitation of the hub (e2e/https-hub.ts), which Chromium reaches through --host-resolver-rules. */
export const HTTPS_HUB_PORT = PORT + 6;

/** Debian's Chromium: Playwright cannot download its own browser here, and these flags keep it off the network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // Every new context is a new window, and Chromium 156 loads the omnibox popup's WebUI renderers
  // into each (~0.35 s of a core while the page under test loads); headless, nobody sees them.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup',
];

export default defineConfig({
  testDir: 'e2e',
  // SwiftShader compiles WebGPU shaders on the CPU: slow, but the real path.
  timeout: 180_000,
  expect: { timeout: 120_000 },
  // Two cores: parallel browsers would only fight over them.
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'off',
    // The built app registers a service worker, which would answer requests that specs record or route.
    // Only e2e/offline.spec.ts, which tests the worker itself, allows it.
    serviceWorkers: 'block',
  },
  webServer: [
    {
      command: `npx vite preview --port ${PORT} --strictPort`,
      url: `http://localhost:${PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx vite preview --outDir dist-e2e --port ${HOOKS_PORT} --strictPort`,
      url: `http://localhost:${HOOKS_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
