import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.PORT ?? 5173);

export default defineConfig({
  testDir: 'tests',
  timeout: 180_000,
  expect: { timeout: 120_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    // Only where Playwright's own browser is not installed (this repository's CI uses Debian's Chromium).
    ...(process.env.CHROMIUM_PATH ? { launchOptions: { executablePath: process.env.CHROMIUM_PATH, args: ['--no-sandbox'] } } : {}),
  },
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    timeout: 300_000,
  },
});
