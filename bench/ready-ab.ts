/**
 * Warm time to ready of several builds side by side: one context per build (so each has its own
 * Cache API), pages of every build taking turns for ROUNDS rounds after one cold page each, so a
 * change in the machine's load falls on all of them. For comparing a change against its base,
 * where the peers bench (`--only=peers`) compares the engine with plain transformers.js.
 *
 *   npx tsx bench/ready-ab.ts engine:/tmp/dist-base:base engine:/tmp/dist-new:new peer:/tmp/dist-base:peer
 *
 * Each argument is `engine|peer:<build folder>:<label>`: an e2e build (`vite build --mode e2e`),
 * with the peer page built into its `peer/` for `peer` (bench/server.ts `buildPeer`). ROUNDS
 * (default 12) sets the warm pages per build; COLD=1 times cold pages instead (a new context, empty
 * caches, for every page). Prints each build's median and every page.
 */
import type { BrowserContext } from '@playwright/test';
import { SimulatedHub } from '../e2e/simulated-hub';
import { freePort } from '../scripts/free-port';
import { launchBrowser, freshContext } from './browser';
import { startPreview } from './server';

const HUB_ID = 'bench/bert-minilm';
const ROUNDS = Number(process.env.ROUNDS ?? 12);
const SETTLE_MS = 500;
const COLD = process.env.COLD === '1';

const ENGINE_READY = `(async () => {
  for (;;) {
    const info = await window.__reranker?.info();
    if (info) return info.loadTiming.ready - performance.timeOrigin;
    await new Promise((r) => setTimeout(r, 20));
  }
})()`;
const PEER_READY = 'window.__peer.ready.then((r) => r.timing.runtimeAndSession.end - performance.timeOrigin)';

interface Side {
  label: string;
  url: string;
  ready: string;
  context: BrowserContext | null;
  times: number[];
}

const specs = process.argv.slice(2).map((arg) => {
  const [who, dist, label] = arg.split(':');
  if ((who !== 'engine' && who !== 'peer') || !dist) throw new Error(`"${arg}" is not engine|peer:<build folder>:<label>`);
  return { who, dist, label: label ?? arg };
});
if (!specs.length) throw new Error('usage: npx tsx bench/ready-ab.ts engine|peer:<build folder>:<label> …');

const servers = await Promise.all(specs.map(async (s) => ({ ...s, port: await freePort() })));
const previews = await Promise.all(servers.map((s) => startPreview(s.port, s.dist)));
const { browser } = await launchBrowser('');
const hubContext = async () => {
  const context = await freshContext(browser);
  await SimulatedHub.install(context, { [HUB_ID]: 'bench-bert-minilm' });
  return context;
};
try {
  const sides: Side[] = [];
  for (const s of servers) {
    const context = COLD ? null : await hubContext();
    const base = `http://127.0.0.1:${s.port}`;
    const url =
      s.who === 'engine'
        ? `${base}/?testHooks&model=${encodeURIComponent(HUB_ID)}&device=wasm&dtype=q8`
        : `${base}/peer/?model=${encodeURIComponent(HUB_ID)}&dtype=q8&threads=2`;
    sides.push({ label: s.label, url, ready: s.who === 'engine' ? ENGINE_READY : PEER_READY, context, times: [] });
  }
  // Round 0 is not counted: each build's cold page, which fills the caches (or, cold, the first page of the browser).
  for (let round = 0; round <= ROUNDS; round++) {
    for (const side of sides) {
      const context = side.context ?? (await hubContext());
      const page = await context.newPage();
      await page.goto(side.url);
      const ms = (await page.evaluate(side.ready)) as number;
      await (side.context ? page.close() : context.close());
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      if (round > 0) side.times.push(Math.round(ms));
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  for (const side of sides) console.log(`${side.label}: median ${median(side.times)} ms (${side.times.join(' ')})`);
} finally {
  await browser.close();
  for (const p of previews) p.kill();
}
