import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawIcon, faviconBars } from '../../scripts/vite/app-icons';

const favicon = readFileSync('public/favicon.svg', 'utf8');

describe('app icons', () => {
  it('reads the favicon’s bars, in painting order', () => {
    const { bars, viewBox } = faviconBars(favicon);
    expect(viewBox).toBe(16);
    expect(bars).toEqual([
      { x: 0, y: 1, width: 16, height: 4, rgb: [0x25, 0x63, 0xeb] },
      { x: 0, y: 6, width: 11, height: 4, rgb: [0x60, 0xa5, 0xfa] },
      { x: 0, y: 11, width: 6, height: 4, rgb: [0xbf, 0xdb, 0xfe] },
    ]);
  });

  it('refuses a favicon it cannot draw, naming the element', () => {
    const circle = favicon.replace('</svg>', '<circle r="3" fill="#000000"/></svg>');
    expect(() => faviconBars(circle)).toThrow(
      'favicon.svg: cannot draw <circle r="3" fill="#000000"/>; the icons support rects with a #rrggbb fill',
    );
  });

  it('writes an RGB PNG of the requested size whose rows hold the bars inside the maskable safe zone', () => {
    const png = drawIcon(favicon, 20);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([20, 20]);
    const idat = png.indexOf('IDAT');
    const pixels = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    const pixel = (x: number, y: number) => [...pixels.subarray(y * 61 + 1 + x * 3, y * 61 + 4 + x * 3)];
    // Scale 0.75 px per unit from a 4 px margin: the first bar covers rows 4.75–7.75, the whole inner width.
    expect(pixel(10, 6)).toEqual([0x25, 0x63, 0xeb]);
    expect(pixel(15, 6)).toEqual([0x25, 0x63, 0xeb]);
    expect(pixel(2, 6)).toEqual([255, 255, 255]);
    // The third bar is 6 units long: it ends at x = 8.5.
    expect(pixel(6, 13)).toEqual([0xbf, 0xdb, 0xfe]);
    expect(pixel(10, 13)).toEqual([255, 255, 255]);
  });
});
