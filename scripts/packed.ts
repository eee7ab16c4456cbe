import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What `npm install` put into an app's node_modules. */
export interface Installed {
  /** `name@version` of every package npm installed, the app's own deps and the library included. */
  packages: string[];
  bytes: number;
}

/** Packages the library bundles or never needs; one of these in a consumer's tree means the package.json leaks its own tooling. */
export const HEAVY_PACKAGES = ['onnxruntime-node', 'onnxruntime-web', '@huggingface/transformers', 'sharp'];

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `npm pack`s this repository into `folder` (its `prepack` builds dist-lib first) and returns the tarball's path. */
export function packLibrary(folder: string): string {
  mkdirSync(folder, { recursive: true });
  npm(['pack', '--pack-destination', folder], process.cwd());
  const { name, version } = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };
  return path.join(folder, `${name}-${version}.tgz`);
}

/**
 * A fresh ESM app in `dir` with `specs` installed the way a user would: no flags that skip
 * install scripts or peers, only the shared npm cache preferred over the registry.
 */
export function installApp(dir: string, specs: string[]): Installed {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true, type: 'module' }));
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs], dir);
  // Exits non-zero on a missing or mismatched peer, such as a React the library's range refuses.
  npm(['ls', '--all'], dir);
  const nodes = JSON.parse(npm(['query', '*'], dir)) as { name: string; version: string; location: string }[];
  return {
    packages: nodes.filter((n) => n.location !== '').map((n) => `${n.name}@${n.version}`),
    bytes: folderBytes(path.join(dir, 'node_modules')),
  };
}

export function hasPackage(installed: Installed, name: string): boolean {
  return installed.packages.some((p) => p.startsWith(`${name}@`));
}

function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}
