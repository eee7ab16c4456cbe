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
import { freePort } from '../scripts/free-port';
import { launchBrowser } from './browser';
import { median } from '../e2e/test-models';
import { engineReady, hubContext, peerReady, SETTLE_MS } from './peers';
import { startPreview } from './server';

const FIXTURE = 'bench-bert-minilm';
const ROUNDS = Number(process.env.ROUNDS ?? 12);
const COLD = process.env.COLD === '1';

interface Side {
  label: string;
  who: 'engine' | 'peer';
  base: string;
  context: BrowserContext | null;
  times: number[];
}

const specs = process.argv.slice(2).map((arg) => {
  const [who, dist, label] = arg.split(':');
  if ((who !== 'engine' && who !== 'peer') || !dist) throw new Error(`"${arg}" is not engine|peer:<build folder>:<label>`);
  return { who: who as Side['who'], dist, label: label ?? arg };
});
if (!specs.length) throw new Error('usage: npx tsx bench/ready-ab.ts engine|peer:<build folder>:<label> …');

const servers = await Promise.all(specs.map(async (s) => ({ ...s, port: await freePort() })));
const previews = await Promise.all(servers.map((s) => startPreview(s.port, s.dist)));
const { browser } = await launchBrowser('');
// The peer runs on the engine's threads: its default here until an engine page reports them.
let threads = 2;
try {
  const sides: Side[] = [];
  for (const s of servers) {
    const context = COLD ? null : await hubContext(browser, FIXTURE);
    sides.push({ label: s.label, who: s.who, base: `http://127.0.0.1:${s.port}`, context, times: [] });
  }
  // Round 0 is not counted: each build's cold page, which fills the caches (or, cold, the first page of the browser).
  for (let round = 0; round <= ROUNDS; round++) {
    for (const side of sides) {
      const context = side.context ?? (await hubContext(browser, FIXTURE));
      let opened;
      if (side.who === 'engine') {
        opened = await engineReady(context, side.base, 'q8');
        threads = opened.threads;
      } else opened = await peerReady(context, side.base, 'q8', threads);
      await (side.context ? opened.page.close() : context.close());
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      if (round > 0) side.times.push(Math.round(opened.readyMs));
    }
  }
  for (const side of sides) console.log(`${side.label}: median ${median(side.times)} ms (${side.times.join(' ')})`);
} finally {
  await browser.close();
  for (const p of previews) p.kill();
}
