/**
 * Peak resident memory of the renderer process that hosts a page and its worker (JS heaps,
 * WASM memory, everything), from Linux's /proc: VmHWM, reset before each run through
 * /proc/<pid>/clear_refs ("5"). JS heap sampling cannot see WASM memory, and
 * performance.measureUserAgentSpecificMemory() takes about a minute per call here.
 * Linux only; everything returns null elsewhere or without the rights to reset.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';

function cmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** The user-data-dir of the Chromium started with `--remote-debugging-port=<port>`. */
export function browserProfileDir(cdpPort: number): string | null {
  if (!existsSync('/proc')) return null;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const cmd = cmdline(pid);
    if (cmd.includes(`--remote-debugging-port=${cdpPort}`)) return /--user-data-dir=(\S+)/.exec(cmd)?.[1] ?? null;
  }
  return null;
}

/** Renderer processes of that browser (not its WebUI renderer), or its processes of another `type` (`gpu-process`). */
export function rendererPids(profileDir: string, type = 'renderer'): Set<string> {
  const out = new Set<string>();
  if (!existsSync('/proc')) return out;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const cmd = cmdline(pid);
    if (cmd.includes(`--type=${type}`) && !cmd.includes('--top-chrome-webui') && cmd.includes(`--user-data-dir=${profileDir}`))
      out.add(pid);
  }
  return out;
}

function statusKb(pid: string, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Current resident memory in kB (0 when unknown). */
export function rssKb(pid: string): number {
  return statusKb(pid, 'VmRSS') ?? 0;
}

export interface PeakRss {
  reset(): boolean;
  /** Peak RSS in MB since the last reset (or since the process started). */
  peakMB(): number | null;
}

export function peakRss(pid: string | null): PeakRss {
  return {
    reset() {
      if (!pid) return false;
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    peakMB() {
      const kb = pid ? statusKb(pid, 'VmHWM') : null;
      return kb === null ? null : Math.round(kb / 102.4) / 10;
    },
  };
}
