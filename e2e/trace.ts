/** Reading a Chromium trace: the main thread's busiest task between two user-timing marks (e2e/main-thread.spec.ts, e2e/live-search.spec.ts). */
import { expect } from '@playwright/test';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; src_file?: string; src_func?: string };
}

/** The task of the page's main thread that used the most CPU time (µs → ms) between two user-timing marks. */
export function busiestTask(trace: Buffer, from: string, to: string): { cpu: number; postedFrom: string } {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mainThreads = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}/${e.tid}`),
  );
  const markAt = (name: string) => {
    const mark = events.find((e) => e.name === name && e.cat.includes('blink.user_timing'));
    if (!mark) throw new Error(`the trace has no '${name}' mark`);
    return mark.ts;
  };
  const [start, end] = [markAt(from), markAt(to)];
  const tasks = events.filter(
    (e) =>
      e.ph === 'X' &&
      e.name === 'ThreadControllerImpl::RunTask' &&
      mainThreads.has(`${e.pid}/${e.tid}`) &&
      e.ts > start &&
      e.ts + (e.dur ?? 0) < end,
  );
  expect(tasks.length, 'the trace has main-thread tasks').toBeGreaterThan(100);
  const busiest = tasks.reduce((a, b) => ((b.tdur ?? 0) > (a.tdur ?? 0) ? b : a));
  return { cpu: (busiest.tdur ?? 0) / 1000, postedFrom: `${busiest.args?.src_file}:${busiest.args?.src_func}` };
}
