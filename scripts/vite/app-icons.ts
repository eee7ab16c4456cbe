import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The sizes an installable app needs (Chromium asks for 192 and 512). */
export const ICON_SIZES = [192, 512] as const;
export const iconFile = (size: number) => `icons/icon-${size}.png`;

interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  rgb: [number, number, number];
}

/** The favicon's bars, read from the SVG itself so that the icons cannot drift from it. It is rects only; anything else is refused. */
export function faviconBars(svg: string): { bars: Bar[]; viewBox: number } {
  const viewBox = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const elements = [...svg.matchAll(/<(\w+)([^>]*)\/>/g)];
  if (!viewBox || elements.length === 0) throw new Error('favicon.svg: expected a square viewBox and <rect> elements');
  const bars = elements.map(([element, name, attributes]) => {
    const attribute = (key: string) => new RegExp(`\\b${key}="([^"]*)"`).exec(attributes!)?.[1];
    const fill = /^#([0-9a-f]{6})$/i.exec(attribute('fill') ?? '')?.[1];
    if (name !== 'rect' || !fill) throw new Error(`favicon.svg: cannot draw ${element}; the icons support rects with a #rrggbb fill`);
    const hex = (i: number) => parseInt(fill.slice(i, i + 2), 16);
    const at = (key: string) => Number(attribute(key) ?? 0);
    return { x: at('x'), y: at('y'), width: at('width'), height: at('height'), rgb: [hex(0), hex(2), hex(4)] as Bar['rgb'] };
  });
  return { bars, viewBox };
}

/**
 * A square PNG of the bars on white, inside the middle 60% so that a maskable crop (the
 * inner 80% circle) keeps them whole. Pixels are sampled at their centres: the same input
 * always gives the same bytes.
 */
export function drawIcon(svg: string, size: number): Buffer {
  const { bars, viewBox } = faviconBars(svg);
  const margin = size * 0.2;
  const scale = (size - 2 * margin) / viewBox;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3, 255);
    row[0] = 0; // PNG filter type: none
    const v = (y + 0.5 - margin) / scale;
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5 - margin) / scale;
      // Later shapes paint over earlier ones, as in SVG.
      const bar = bars.filter((b) => u >= b.x && u < b.x + b.width && v >= b.y && v < b.y + b.height).at(-1);
      if (bar) row.set(bar.rgb, 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Emits the manifest's PNG icons into the build, drawn from public/favicon.svg: no binary files in the repository, no native image library. */
export function appIcons(favicon = 'public/favicon.svg'): Plugin {
  return {
    name: 'app-icons',
    apply: 'build',
    generateBundle() {
      const svg = readFileSync(favicon, 'utf8');
      for (const size of ICON_SIZES) this.emitFile({ type: 'asset', fileName: iconFile(size), source: drawIcon(svg, size) });
    },
  };
}
