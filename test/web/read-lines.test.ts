import { describe, expect, it } from 'vitest';
import { parseQrels, QrelsReader } from '../../eval/trec';
import { forEachLine } from '../../web/read-lines';

describe('forEachLine', () => {
  it('hands over every line in order, multi-byte characters and CRs intact, whatever the chunk boundaries', async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `${i} 0 dóc-${i}→ ${i % 4}${i % 7 === 0 ? '\r' : ''}`).join('\n');
    const lines: string[] = [];
    await forEachLine(new Blob([text]), (line) => lines.push(line));
    expect(lines).toEqual(text.split('\n'));

    const reader = new QrelsReader();
    await forEachLine(new Blob([`${text}\n`]), (line) => reader.add(line));
    expect(reader.finish()).toEqual(parseQrels(text));
  });

  it('reads a file as String.split would: empty, one line without a break, blank lines', async () => {
    for (const text of ['', 'one line', '\n\n', 'a\n\nb\n']) {
      const lines: string[] = [];
      await forEachLine(new Blob([text]), (line) => lines.push(line));
      expect(lines, JSON.stringify(text)).toEqual(text.split('\n'));
    }
  });

  it('lets timers run while it reads: slow lines never hold the event loop for the whole file', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let lines = 0;
    await forEachLine(new Blob(['x\n'.repeat(20_000)]), () => {
      lines++;
      // 10 µs a line: 200 ms in all, five times the slice the reader allows itself.
      const until = performance.now() + 0.01;
      while (performance.now() < until);
    });
    clearInterval(timer);
    expect(lines).toBe(20_001);
    expect(ticks).toBeGreaterThan(2);
  });

  it('stops at the line that threw, with its error', async () => {
    const seen: string[] = [];
    const reading = forEachLine(new Blob(['a\nb\nc\n']), (line) => {
      seen.push(line);
      if (line === 'b') throw new Error('bad line b');
    });
    await expect(reading).rejects.toThrow('bad line b');
    expect(seen).toEqual(['a', 'b']);
  });
});
