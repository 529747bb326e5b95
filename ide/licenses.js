// A Vite plugin writing LICENSES.txt: the name, version, licence and licence text of every
// npm package whose code went into the build, the workers' separate bundles included.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.|-|$)/i;
// Packages published without a licence file, and the package of the same repository or
// author whose (MIT) licence text covers them.
const LICENCE_FROM = {
  '@graphiql/plugin-doc-explorer': 'graphiql',
  '@graphiql/plugin-history': 'graphiql',
  'react-compiler-runtime': 'react',
  'react-remove-scroll-bar': 'react-remove-scroll',
};

function packageRoot(id) {
  const path = id.replace(/\?.*$/, '').replace(/^\0/, '');
  const marker = `${sep}node_modules${sep}`;
  const at = path.lastIndexOf(marker);
  if (at < 0) return null;
  const rest = path.slice(at + marker.length).split(sep);
  const depth = rest[0].startsWith('@') ? 2 : 1;
  return join(path.slice(0, at + marker.length), ...rest.slice(0, depth));
}

function licenceTexts(root) {
  return readdirSync(root).filter((name) => LICENCE_FILE.test(name)).sort()
    .map((name) => readFileSync(join(root, name), 'utf8').trim());
}

function describe(root) {
  const meta = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  let texts = licenceTexts(root);
  let heading = `${meta.name}@${meta.version} (${meta.license})`;
  const donor = LICENCE_FROM[meta.name];
  if (texts.length === 0 && donor) {
    texts = licenceTexts(fileURLToPath(new URL(`node_modules/${donor}`, import.meta.url)));
    heading += `, licence text from ${donor}`;
  }
  if (texts.length === 0) throw new Error(`${meta.name}: no licence file to ship`);
  return `${heading}\n\n${texts.join('\n\n')}\n`;
}

export function licenses() {
  const roots = new Set();
  const collect = {
    name: 'exgraph-collect-licenses',
    buildEnd() {
      for (const id of this.getModuleIds()) {
        const root = packageRoot(id);
        if (root && existsSync(join(root, 'package.json'))) roots.add(root);
      }
    },
  };
  const emit = {
    ...collect,
    name: 'exgraph-licenses',
    generateBundle() {
      const entries = [...roots].map(describe).sort();
      this.emitFile({
        type: 'asset',
        fileName: 'LICENSES.txt',
        source: `Third-party software bundled in the exgraph IDE (${entries.length} packages)\n\n`
          + entries.join(`\n${'='.repeat(78)}\n\n`),
      });
    },
  };
  return { emit, collect };
}
