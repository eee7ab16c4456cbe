import { useState } from 'react';
import type { LoadProgress, ModelInfo } from '../../worker/api';
import { PRESETS, exportGuidance } from '../../lib';
import { folderFromDrop, type PickedFolder } from '../local-folder';
import type { ModelStatus } from '../../lib/react';
import { LocalFolderButton } from './LocalFolderButton';

interface Props {
  model: string;
  onModelChange: (model: string) => void;
  onLoad: () => void;
  /** Stops a running load's download. */
  onCancelLoad: () => void;
  /** Where a model folder picked from disk goes; pages without one offer no folder picker. */
  onFolder?: (folder: PickedFolder) => void;
  status: ModelStatus;
  progress: LoadProgress | null;
  info: ModelInfo | null;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const pct = (loaded: number, total: number) => (total > 0 ? Math.min(100, (100 * loaded) / total) : 0);

export function ModelPanel({ model, onModelChange, onLoad, onCancelLoad, onFolder, status, progress, info }: Props) {
  const preset = PRESETS.find((p) => p.id === model);
  const guidance = preset && exportGuidance(preset);
  const [custom, setCustom] = useState(preset ? '' : model);
  return (
    <section
      className="panel"
      aria-label="Model"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        if (onFolder) void folderFromDrop(e.dataTransfer.items).then((folder) => folder && onFolder(folder));
      }}
    >
      <div className="row">
        <label>
          Model{' '}
          <select
            data-testid="model-select"
            value={preset ? preset.id : ''}
            onChange={(e) => e.target.value && onModelChange(e.target.value)}
          >
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label} (~{p.approxDownloadMB >= 1000 ? `${p.approxDownloadMB / 1000} GB` : `${p.approxDownloadMB} MB`})
              </option>
            ))}
            {!preset && <option value="">Custom: {model}</option>}
          </select>
        </label>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (custom.trim()) onModelChange(custom.trim());
          }}
        >
          <input
            data-testid="model-url-input"
            placeholder="hub id (owner/name) or URL of a model folder"
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            size={40}
          />
          <button type="submit">Use</button>
        </form>
        <button data-testid="load-button" onClick={onLoad} disabled={status === 'loading'}>
          {status === 'loading' ? 'Loading…' : 'Load'}
        </button>
        {status === 'loading' && (
          <button data-testid="cancel-load-button" onClick={onCancelLoad}>
            Cancel
          </button>
        )}
        {onFolder && <LocalFolderButton onFolder={onFolder} />}
      </div>
      {onFolder && <p className="note">Or drop a model folder (Hugging Face layout) here: it loads from disk, with no network.</p>}
      {preset?.note && <p className="note">{preset.note}</p>}
      {guidance && (
        <p data-testid="export-guide" className="guide">
          {guidance}
        </p>
      )}
      <p data-testid="model-status" className={`status status-${status}`}>
        {status === 'idle' && 'No model loaded.'}
        {status === 'loading' && `Loading ${model}…`}
        {status === 'ready' && info && `Ready: ${info.model} (${info.family}, ${info.dtype} on ${info.device}, ${info.file})`}
        {status === 'failed' && 'Loading failed.'}
      </p>
      {status === 'ready' && info?.notStored && (
        <p data-testid="not-stored" role="status" className="guide">
          {info.notStored}
        </p>
      )}
      {status === 'loading' && progress && (
        <div className="progress" data-testid="load-progress">
          <div data-testid="load-progress-text">
            {progress.phase === 'download' ? 'Downloading' : progress.phase === 'compile' ? 'Compiling' : 'Warming up'}{' '}
            {progress.total === null
              ? `${mb(progress.loaded)} so far (total size unknown)`
              : `${mb(progress.loaded)} of ${mb(progress.total)} (${pct(progress.loaded, progress.total).toFixed(0)}%)`}
          </div>
          {/* Without a value, a progress bar is indeterminate: nothing made up. */}
          {progress.total === null ? <progress max={100} /> : <progress max={100} value={pct(progress.loaded, progress.total)} />}
          {progress.note && (
            <p data-testid="load-note" className="guide">
              {progress.note}
            </p>
          )}
          <ul>
            {progress.files.map((f) => (
              <li key={f.file}>
                <code>{f.file}</code>{' '}
                {f.total === null ? (
                  `${mb(f.loaded)} of unknown size`
                ) : (
                  <>
                    {mb(f.loaded)} / {mb(f.total)} <progress max={100} value={pct(f.loaded, f.total)} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
