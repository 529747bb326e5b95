// The one module importing the vendored libraries: `html` is htm bound to Preact's `h`.
import { createContext, h, render } from './vendor/preact.js';
import htm from './vendor/htm.js';

export const html = htm.bind(h);
export { createContext, render };
export {
  useCallback, useContext, useEffect, useId, useLayoutEffect, useMemo, useRef, useState,
} from './vendor/hooks.js';
