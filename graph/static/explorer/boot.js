// Loaded first and on its own (an async module): asks for the first view's data at once,
// while the rest of the explorer is still on its way.
import { prime } from './client.js';
import { firstRequests } from './queries.js';
import { routeOf } from './routes.js';

for (const [query, variables] of firstRequests(routeOf(window.location))) prime(query, variables);
