import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built with `vite build --config client/vite.config.ts` from the repository root.
// Two pages: the dashboard (index.html, served at `/`) and the GraphiQL playground
// (playground.html, served by the server when a browser GETs `/graphql`). Each page
// gets its own entry chunk, so GraphiQL and CodeMirror never load on the dashboard.
const clientDir = fileURLToPath(new URL('.', import.meta.url));
const server = 'http://127.0.0.1:4000';

export default defineConfig({
  root: clientDir,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(clientDir, '../dist/client'),
    emptyOutDir: true,
    // GraphiQL (CodeMirror, graphql-js, the language service) is one large chunk that only
    // playground.html loads; the dashboard's own chunks stay small.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      input: {
        index: resolve(clientDir, 'index.html'),
        playground: resolve(clientDir, 'playground.html'),
      },
      onwarn(warning, warn) {
        // react-compiler-runtime (a GraphiQL dependency) starts with "use no memo"; harmless once bundled.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('react-compiler-runtime')) return;
        warn(warning);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    // In development the dashboard talks to a server started with `botarmy serve`.
    proxy: { '/graphql': { target: server, ws: true, changeOrigin: true } },
  },
  preview: {
    host: '127.0.0.1',
    proxy: { '/graphql': { target: server, ws: true, changeOrigin: true } },
  },
});
