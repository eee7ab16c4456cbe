import type { ModelInfo, RerankResult } from '../../worker/api';

export function InfoBar({ info, result }: { info: ModelInfo | null; result: RerankResult | null }) {
  return (
    <section className="info row" aria-label="Run details">
      <span data-testid="device-badge" className={`badge badge-${info?.device ?? 'none'}`}>
        {info ? info.device : 'no device yet'}
      </span>
      {info && (
        <>
          <span data-testid="dtype-badge" className="badge">
            {info.dtype}
          </span>
          <code data-testid="model-file" title="The weights file this dtype loads">
            {info.file}
          </code>
          <span className="badge">
            {info.device === 'wasm' ? `${info.threads} thread${info.threads > 1 ? 's' : ''}` : info.adapter?.architecture || 'gpu'}
          </span>
        </>
      )}
      {result && (
        <span data-testid="timing">
          {result.timing.totalMs.toFixed(0)} ms · {result.timing.passagesPerSecond.toFixed(1)} passages/s
          {result.truncated > 0 &&
            ` · ${result.truncated} passage${result.truncated > 1 ? 's' : ''} truncated to ${info?.maxLength} tokens`}
        </span>
      )}
      {info?.fallbackReason && (
        <span data-testid="fallback-reason" className="note">
          {info.fallbackReason}
        </span>
      )}
    </section>
  );
}
