export interface PageNavItem {
  id: string;
  label: string;
  /** A number shown beside the label, e.g. pending actions. */
  count?: number;
  highlight?: boolean;
}

/** Moves to a panel and its heading (the page uses hash routing, so plain #anchors would change the route). */
export function jumpToPanel(id: string): void {
  const panel = document.getElementById(id);
  if (!panel) return;
  panel.scrollIntoView({ block: 'start' });
  document.getElementById(`${id}-heading`)?.focus({ preventScroll: true });
}

/** "On this page": links to the project page's panels; on a phone it saves a lot of scrolling. */
export function PageNav({ items, pageHref }: { items: PageNavItem[]; pageHref: string }) {
  return (
    <nav className="page-nav" aria-label="On this page">
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <a
              // Opened in a new tab, the link shows the project page; here it scrolls to the panel.
              href={pageHref}
              className={item.highlight ? 'page-nav-highlight' : undefined}
              onClick={(e) => {
                e.preventDefault();
                jumpToPanel(item.id);
              }}
            >
              {item.label}
              {item.count !== undefined && <span className="page-nav-count">{item.count}</span>}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
