/**
 * A raw Chrome DevTools Protocol client over the browser's --remote-debugging-port, used beside
 * Playwright because Playwright's CDP sessions cannot talk to a page's dedicated worker, which is
 * where the engine lives. Flattened sessions: page → Target.setAutoAttach → the worker's session.
 * Needs Node's WebSocket (global in Node ≥ 22; Node 20 needs --experimental-websocket).
 */

type Json = Record<string, unknown>;

interface Pending {
  resolve: (value: Json) => void;
  reject: (error: Error) => void;
}

export class CdpConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(method: string, params: Json, sessionId?: string) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (event) => {
      const msg = JSON.parse(String(event.data)) as {
        id?: number;
        result?: Json;
        error?: { message: string };
        method?: string;
        params?: Json;
        sessionId?: string;
      };
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result ?? {});
      } else if (msg.method) {
        for (const l of this.listeners) l(msg.method, msg.params ?? {}, msg.sessionId);
      }
    });
  }

  static async connect(port: number): Promise<CdpConnection> {
    if (typeof WebSocket === 'undefined')
      throw new Error('No global WebSocket: run Node with --experimental-websocket (Node 20) or Node ≥ 22.');
    const version = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as { webSocketDebuggerUrl: string };
    const ws = new WebSocket(version.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error('CDP WebSocket failed to open')), { once: true });
    });
    return new CdpConnection(ws);
  }

  send<T = Json>(method: string, params: Json = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: Json) => void, reject }));
  }

  on(listener: (method: string, params: Json, sessionId?: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.ws.close();
  }
}

export interface PageSessions {
  page: string;
  worker: string;
  workerUrl: string;
}

/** Attaches to the page whose URL starts with `pageUrl` and to its dedicated worker named `workerName`. */
export async function attachPageAndWorker(
  cdp: CdpConnection,
  pageUrl: string,
  workerName: string,
  timeoutMs = 30_000,
): Promise<PageSessions> {
  const { targetInfos } = await cdp.send<{ targetInfos: { targetId: string; type: string; url: string }[] }>('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'page' && t.url.startsWith(pageUrl));
  if (!target) throw new Error(`no page target at ${pageUrl}`);
  const { sessionId: page } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true });
  const worker = new Promise<{ sessionId: string; url: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker "${workerName}" did not attach`)), timeoutMs);
    const off = cdp.on((method, params, sessionId) => {
      if (method !== 'Target.attachedToTarget' || sessionId !== page) return;
      const info = params.targetInfo as { type: string; title: string; url: string };
      if (info.type === 'worker' && (info.title === workerName || info.url.includes(workerName))) {
        clearTimeout(timer);
        off();
        resolve({ sessionId: params.sessionId as string, url: info.url });
      }
    });
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, page);
  const w = await worker;
  return { page, worker: w.sessionId, workerUrl: w.url };
}

export interface HeapUsage {
  usedSize: number;
  totalSize: number;
  backingStorageSize?: number;
}

export interface HeapPeaks {
  samples: number;
  /** Largest page + worker `usedSize` seen in one sample (bytes). */
  jsHeapUsed: number;
  workerJsHeapUsed: number;
  pageJsHeapUsed: number;
  /** Largest worker `backingStorageSize` (ArrayBuffer stores: tensors, WASM memory), when reported. */
  workerBackingStore: number;
}

/** Samples Runtime.getHeapUsage on the page and the worker every `everyMs` until stopped. */
export function sampleHeap(cdp: CdpConnection, s: PageSessions, everyMs = 100): { stop(): Promise<HeapPeaks> } {
  const peaks: HeapPeaks = { samples: 0, jsHeapUsed: 0, workerJsHeapUsed: 0, pageJsHeapUsed: 0, workerBackingStore: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const [w, p] = await Promise.all([
        cdp.send<HeapUsage>('Runtime.getHeapUsage', {}, s.worker),
        cdp.send<HeapUsage>('Runtime.getHeapUsage', {}, s.page),
      ]);
      peaks.samples++;
      peaks.jsHeapUsed = Math.max(peaks.jsHeapUsed, w.usedSize + p.usedSize);
      peaks.workerJsHeapUsed = Math.max(peaks.workerJsHeapUsed, w.usedSize);
      peaks.pageJsHeapUsed = Math.max(peaks.pageJsHeapUsed, p.usedSize);
      peaks.workerBackingStore = Math.max(peaks.workerBackingStore, w.backingStorageSize ?? 0);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      // A worker stuck in a long kernel may answer late; never wait on it for more than a second.
      await Promise.race([loop, new Promise((r) => setTimeout(r, 1000))]);
      return peaks;
    },
  };
}

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export async function startProfile(cdp: CdpConnection, session: string): Promise<void> {
  await cdp.send('Profiler.enable', {}, session);
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 }, session);
  await cdp.send('Profiler.start', {}, session);
}

export async function stopProfile(cdp: CdpConnection, session: string): Promise<CpuProfile> {
  const { profile } = await cdp.send<{ profile: CpuProfile }>('Profiler.stop', {}, session);
  await cdp.send('Profiler.disable', {}, session);
  return profile;
}

/** Self time by category and by top functions, from sample counts × the mean sampling interval. */
export function summarizeProfile(
  profile: CpuProfile,
  top = 12,
): { totalMs: number; byCategory: Record<string, number>; topFunctions: { name: string; ms: number }[] } {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const hits = new Map<number, number>();
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  const sampleCount = profile.samples?.length ?? 1;
  const msPerSample = totalMs / Math.max(1, sampleCount);
  const byCategory: Record<string, number> = {};
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    if (!n) continue;
    const { functionName, url } = node.callFrame;
    const ms = n * msPerSample;
    const category = categorize(functionName, url);
    byCategory[category] = (byCategory[category] ?? 0) + ms;
    const name = `${functionName || '(anonymous)'} [${category}]`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const topFunctions = [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms: Math.round(ms) }));
  for (const k of Object.keys(byCategory)) byCategory[k] = Math.round(byCategory[k]!);
  return { totalMs: Math.round(totalMs), byCategory, topFunctions };
}

function categorize(fn: string, url: string): string {
  if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)' || fn === '(root)') return fn;
  if (url.endsWith('.wasm') || /^(\$|wasm-function)/.test(fn) || url.startsWith('wasm://')) return 'wasm (onnxruntime kernels)';
  if (/ort-wasm|onnxruntime/.test(url)) return 'js: onnxruntime glue';
  // The worker chunk bundles (and minifies) transformers.js, comlink and the engine together.
  if (/\/assets\//.test(url)) return 'js: worker bundle (tokenizer, transformers.js, engine)';
  return 'js: other';
}
