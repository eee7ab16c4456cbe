/**
 * What one `npm run bench` was asked for (flags, environment) and where it writes. The flags and
 * variables are listed in run.ts's header.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './data';

export const args = new Set(process.argv.slice(2));
export const flag = (name: string) => args.has(`--${name}`);
export const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length);
export const QUICK = flag('quick');
export const FULL = flag('full');

export const RESULTS = join(REPO_ROOT, 'bench/results');
export const DIST = join(RESULTS, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** WebGPU here is SwiftShader (Vulkan on the CPU): ~0.1 passages/s for these models, so its rows are tiny. */
export const WEBGPU_PASSAGES = Number(process.env.BENCH_WEBGPU_PASSAGES ?? 2);
export const RUN_TIMEOUT_MS = Number(process.env.BENCH_RUN_TIMEOUT_S ?? 300) * 1000;

const LOG = join(RESULTS, 'bench.log');

export function log(message: string): void {
  const line = `[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`;
  process.stderr.write(line);
  appendFileSync(LOG, line);
}
