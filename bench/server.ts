/** The app the bench measures: the e2e build (it has the test hooks the bench drives), served by `vite preview` (COOP/COEP, so the page is cross-origin isolated). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DIST, log } from './config';
import { REPO_ROOT } from './data';

const VITE = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');

function viteBuild(args: string[], what: string): void {
  const r = spawnSync(process.execPath, [VITE, 'build', ...args], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build of ${what} failed`);
}

/** Into bench/results/dist (or `outDir`), so the bench never rewrites dist-e2e/ under someone's e2e run. */
export function build(outDir = DIST, say = log): void {
  say(`vite build → ${outDir}`);
  viteBuild(['--mode', 'e2e', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], 'the app');
}

/** The peer page (bench/peer/, plain transformers.js) into `peer/` of the same build, after it: the app's build empties the folder. */
export function buildPeer(): void {
  log(`vite build bench/peer → ${join(DIST, 'peer')}`);
  viteBuild(['-c', 'bench/peer/vite.config.ts', '--outDir', join(DIST, 'peer')], 'the peer page');
}

export async function startPreview(port: number, outDir = DIST): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [VITE, 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error(`vite preview did not start: ${output}`);
}
