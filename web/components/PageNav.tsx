import { carriedSearch } from '../origin-gate';

const PAGES = [
  { href: './', label: 'Rerank' },
  { href: './search.html', label: 'Search demo' },
  { href: './eval.html', label: 'Evaluate' },
] as const;

/** Links between the pages; they keep `?model=`/`?device=`/`?dtype=` so the same model follows the user (see `carriedSearch`). */
export function PageNav({ current }: { current: (typeof PAGES)[number]['label'] }) {
  return (
    <nav className="page-nav">
      {PAGES.map((page) =>
        page.label === current ? (
          <strong key={page.href}>{page.label}</strong>
        ) : (
          <a key={page.href} href={`${page.href}${carriedSearch(window.location.search)}`}>
            {page.label}
          </a>
        ),
      )}
    </nav>
  );
}
