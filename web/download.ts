/** Saves text as a file through the browser's download, without a server round trip. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has taken the blob by the next task; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** `rerank-2026-11-30T10-15-02`: sortable, and valid as a file name everywhere. */
export function stampedName(prefix: string, at: Date, extension: string): string {
  return `${prefix}-${at.toISOString().slice(0, 19).replace(/:/g, '-')}.${extension}`;
}
