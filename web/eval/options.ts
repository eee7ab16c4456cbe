/** Reads an integer option typed into a number box; null when it is not one within `min`. */
export function parseIntOption(text: string, min: number): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= min ? value : null;
}
