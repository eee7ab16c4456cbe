import { useRef } from 'react';
import { folderFromFileList, type PickedFolder } from '../local-folder';

/** Picks a model folder from disk; `webkitdirectory` is the one folder picker every Chromium-based browser has. */
export function LocalFolderButton({ onFolder }: { onFolder: (folder: PickedFolder) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" data-testid="local-folder-button" onClick={() => input.current?.click()}>
        Load local folder…
      </button>
      <input
        ref={(el) => {
          input.current = el;
          el?.setAttribute('webkitdirectory', '');
        }}
        data-testid="local-folder-input"
        type="file"
        multiple
        hidden
        onChange={(e) => {
          const list = e.target.files;
          if (list && list.length > 0) onFolder(folderFromFileList(list));
          e.target.value = '';
        }}
      />
    </>
  );
}
