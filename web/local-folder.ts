import type { LocalFile } from '../worker/api';

export interface PickedFolder {
  name: string;
  files: LocalFile[];
}

/** Files from `<input webkitdirectory>`: their paths start with the folder's name, which is cut off. */
export function folderFromFileList(list: FileList): PickedFolder {
  const files = [...list];
  const name = files[0]?.webkitRelativePath.split('/')[0] ?? '';
  return { name, files: files.map((file) => ({ path: file.webkitRelativePath.split('/').slice(1).join('/'), file })) };
}

/** A folder dropped on the page, walked through the File System entries API. */
export async function folderFromDrop(items: DataTransferItemList): Promise<PickedFolder | null> {
  const entry = [...items].map((item) => item.webkitGetAsEntry()).find((e) => e?.isDirectory);
  if (!entry) return null;
  const files: LocalFile[] = [];
  await walk(entry as FileSystemDirectoryEntry, '', files);
  return { name: entry.name, files };
}

async function walk(dir: FileSystemDirectoryEntry, prefix: string, out: LocalFile[]): Promise<void> {
  const reader = dir.createReader();
  // readEntries returns at most ~100 entries per call; read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return;
    for (const entry of batch) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry, `${path}/`, out);
      else out.push({ path, file: await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)) });
    }
  }
}

/** A plain sentence when the folder is not a model in Hugging Face layout, or null when it looks like one. */
export function folderProblem(folder: PickedFolder): string | null {
  const paths = new Set(folder.files.map((f) => f.path));
  const missing = ['config.json', 'tokenizer.json'].filter((p) => !paths.has(p));
  if (!folder.files.some((f) => /^onnx\/model[\w]*\.onnx$/.test(f.path))) missing.push('onnx/model*.onnx');
  return missing.length ? `The folder "${folder.name}" is not a model in Hugging Face layout: it has no ${missing.join(', ')}.` : null;
}
