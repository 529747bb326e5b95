// The client-side router: the URL is the state, so every view can be linked to and shared.
import { useEffect, useState } from './html.js';
import { routeOf } from './routes.js';

const listeners = new Set();

/**
 * Shows `href`: a new history entry, or the current one replaced (`replace`, or when the
 * URL does not change). `focus` moves the keyboard focus to the new view.
 */
export function navigate(href, { replace = false, focus = true } = {}) {
  const same = href === window.location.pathname + window.location.search;
  window.history[replace || same ? 'replaceState' : 'pushState'](null, '', href);
  for (const listener of listeners) listener(focus && !same);
}

/** The current route, with a counter of navigations and whether focus should move. */
export function useRoute() {
  const [state, setState] = useState(() => ({
    route: routeOf(window.location), focus: false, count: 0 }));
  useEffect(() => {
    const update = (focus) => setState((previous) => ({
      route: routeOf(window.location), focus, count: previous.count + 1 }));
    const popped = () => update(true);
    listeners.add(update);
    window.addEventListener('popstate', popped);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', popped);
    };
  }, []);
  return state;
}

/** Plain left clicks on same-origin links to a view navigate without reloading the page. */
export function followLinks(element) {
  element.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) return;
    const link = event.target.closest('a[href]');
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || routeOf(url).view === 'missing') return;
    if (url.hash && url.pathname === window.location.pathname) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}
