// The public GraphQL API for views: queries as hooks, and the push channel over SSE.
import { ENDPOINT, request, take } from './client.js';
import { useEffect, useRef, useState } from './html.js';

export { IMAGES, isAbort, request } from './client.js';

/**
 * Runs `query` now and whenever its variables or `refresh` change, cancelling the request
 * it replaces; keeps the last data while a new answer is on its way. An answer already
 * fetched by `boot.js` shows in the first render.
 */
export function useQuery(query, variables, { skip = false, refresh = null } = {}) {
  const key = JSON.stringify(variables);
  const early = useRef(skip ? undefined : take(query, variables));
  const [state, setState] = useState(() => (early.current
    ? { data: early.current, error: null, loading: false }
    : { data: null, error: null, loading: !skip }));
  useEffect(() => {
    if (skip) return undefined;
    if (early.current) {
      early.current = undefined;
      return undefined;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    request(query, JSON.parse(key), controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error) => {
        if (!controller.signal.aborted) setState({ data: null, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [query, key, skip, refresh]);
  return state;
}

const RETRY_MS = 1000;

/**
 * Subscribes over Server-Sent Events (GET /graphql?query=…, `event: next` per result).
 * Calls `onData(data)` per result and `onConnection(open)` as the stream opens or drops;
 * reconnects by itself. Returns a function that closes the stream.
 */
export function subscribe(query, onData, onConnection) {
  let source = null;
  let timer = null;
  let closed = false;
  const open = () => {
    source = new EventSource(`${ENDPOINT}?query=${encodeURIComponent(query)}`);
    source.addEventListener('open', () => onConnection(true));
    source.addEventListener('next', (event) => {
      const body = JSON.parse(event.data);
      if (body.data) onData(body.data);
    });
    const reopen = () => {
      source.close();
      onConnection(false);
      if (!closed) timer = setTimeout(open, RETRY_MS);
    };
    source.addEventListener('complete', reopen);
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) reopen();
      else onConnection(false);
    });
  };
  open();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
  };
}
