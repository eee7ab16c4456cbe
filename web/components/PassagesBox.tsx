import { memo } from 'react';

/**
 * Memoised so that streaming results never re-render it: React reads a controlled
 * textarea's value on every render, and with a thousand passages in it that read alone
 * costs tens of milliseconds of main thread. Spell checking is off: passages are not the
 * user's prose, and Chrome's enhanced spell check would send their text to a server.
 * Its styles contain it: see `.passages-box`.
 */
export const PassagesBox = memo(function PassagesBox({ value, onChange }: { value: string; onChange: (text: string) => void }) {
  return (
    <textarea
      data-testid="passages-input"
      className="passages-box"
      rows={10}
      spellCheck={false}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
});
