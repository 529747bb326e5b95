// The exgraph IDE: GraphiQL against the endpoint named by the page's #graphiql element.
import './csp-nonce.js';
import './workers.js';
import 'graphiql/style.css';
import './page.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const DEFAULT_QUERY = `{
  exercise(slug: "superman") {
    name
    level
    primaryMuscles { name }
    instructions
  }
}
`;

const container = document.getElementById('graphiql');
const fetcher = createGraphiQLFetcher({ url: container.dataset.endpoint });
createRoot(container).render(
  createElement(StrictMode, null,
    createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY })),
);
