// The views and the URLs that show them.
const ROUTES = [
  [/^\/$/, 'search'],
  [/^\/exercises\/([^/]+)$/, 'exercise'],
  [/^\/muscles\/([^/]+)$/, 'muscle'],
  [/^\/guides\/([^/]+)$/, 'guide'],
  [/^\/status$/, 'status'],
];

/** The view a URL shows: its name, slug and query parameters ('missing' if none). */
export function routeOf(url) {
  for (const [pattern, view] of ROUTES) {
    const match = pattern.exec(url.pathname);
    if (match) {
      return { view, slug: match[1] ? decodeURIComponent(match[1]) : null,
        params: new URLSearchParams(url.search) };
    }
  }
  return { view: 'missing', slug: null, params: new URLSearchParams(url.search) };
}
