import { expect, type Page } from '@playwright/test';

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

interface Task {
  cpu: number;
  postedFrom: string;
}

/** The `count` tasks of the page's main thread that used the most CPU time (µs → ms) between two user-timing marks, busiest first. */
export function busiestTasks(trace: Buffer, from: string, to: string, count: number): Task[] {
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
  return tasks
    .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))
    .slice(0, count)
    .map((task) => ({ cpu: (task.tdur ?? 0) / 1000, postedFrom: `${task.args?.src_file}:${task.args?.src_func}` }));
}

/** The task of the page's main thread that used the most CPU time (ms) between two user-timing marks. */
export const busiestTask = (trace: Buffer, from: string, to: string): Task => busiestTasks(trace, from, to, 1)[0]!;

/** The busiest main-thread stretch while `work` runs, from the page's own long-task observer. */
export async function longestTask(page: Page, work: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
    }).observe({ type: 'longtask' });
  });
  await work();
  return page.evaluate(() => (window as unknown as { __longest: number }).__longest);
}
