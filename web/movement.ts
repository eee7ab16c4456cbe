/** How far a passage moved from its first-stage position to its reranked one (0-based): ▲ up, ▼ down, · stayed. */
export function movement(from: number, to: number): string {
  if (from === to) return '·';
  return from > to ? `▲${from - to}` : `▼${to - from}`;
}
