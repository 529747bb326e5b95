// Builds the IDE into graph/static/ide: hashed files in assets/, the manifest that
// graph/ide.py reads to write the page, and LICENSES.txt for everything bundled.
import { defineConfig } from 'vite';
import { licenses } from './licenses.js';

const bundled = licenses();

export default defineConfig({
  base: './',
  plugins: [bundled.emit],
  logLevel: 'warn',
  build: {
    outDir: '../graph/static/ide',
    emptyOutDir: true,
    manifest: 'manifest.json',
    sourcemap: false,
    chunkSizeWarningLimit: 8192,
    rollupOptions: {
      input: 'src/main.js',
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es', plugins: () => [bundled.collect] },
});
