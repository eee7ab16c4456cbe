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

const TASK = 'ThreadControllerImpl::RunTask';
const MICROTASKS = 'BlinkScheduler_PerformMicrotaskCheckpoint';

/**
 * The page's main-thread tasks between two user-timing marks, each with the CPU time (µs → ms)
 * of its microtask checkpoint added. Chromium traces some checkpoints beside their task rather than
 * inside it, and those hold every `await` continuation of the code the task started: an input
 * handler's promise chain, or the whole of a file read whose chunks arrive already buffered.
 * Counting tasks alone missed a 2.4 s checkpoint (a qrels read with its slicing turned off).
 */
function mainThreadTasks(events: TraceEvent[], start: number, end: number): Task[] {
  const mainThreads = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}/${e.tid}`),
  );
  const spans = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        (e.name === TASK || e.name === MICROTASKS) &&
        mainThreads.has(`${e.pid}/${e.tid}`) &&
        e.ts > start &&
        e.ts + (e.dur ?? 0) < end,
    )
    .sort((a, b) => a.ts - b.ts);
  const tasks: (Task & { thread: string; endsAt: number })[] = [];
  for (const span of spans) {
    const thread = `${span.pid}/${span.tid}`;
    const cpu = (span.tdur ?? 0) / 1000;
    const current = tasks.findLast((t) => t.thread === thread);
    if (span.name === TASK) {
      tasks.push({ cpu, postedFrom: `${span.args?.src_file}:${span.args?.src_func}`, thread, endsAt: span.ts + (span.dur ?? 0) });
    } else if (!current) {
      tasks.push({ cpu, postedFrom: 'a microtask checkpoint before any task', thread, endsAt: span.ts + (span.dur ?? 0) });
    } else if (span.ts >= current.endsAt) {
      // A checkpoint nested in its task is already in the task's time.
      current.cpu += cpu;
      current.endsAt = span.ts + (span.dur ?? 0);
    }
  }
  return tasks;
}

/** The `count` tasks of the page's main thread that used the most CPU time (ms) between two user-timing marks, busiest first. */
export function busiestTasks(trace: Buffer, from: string, to: string, count: number): Task[] {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const markAt = (name: string) => {
    const mark = events.find((e) => e.name === name && e.cat.includes('blink.user_timing'));
    if (!mark) throw new Error(`the trace has no '${name}' mark`);
    return mark.ts;
  };
  const tasks = mainThreadTasks(events, markAt(from), markAt(to));
  expect(tasks.length, 'the trace has main-thread tasks').toBeGreaterThan(100);
  return tasks
    .sort((a, b) => b.cpu - a.cpu)
    .slice(0, count)
    .map(({ cpu, postedFrom }) => ({ cpu, postedFrom }));
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
