import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = 'http://localhost:3001';

// SSE must stream through the proxy untouched: no compression upstream, no idle timeout.
const apiProxy: ProxyOptions = {
  target: apiTarget,
  changeOrigin: true,
  timeout: 0,
  proxyTimeout: 0,
  configure(proxy) {
    proxy.on('proxyReq', (proxyReq, req) => {
      if (req.headers.accept?.includes('text/event-stream')) {
        proxyReq.setHeader('accept-encoding', 'identity');
      }
    });
    proxy.on('proxyRes', (proxyRes, _req, res) => {
      if (proxyRes.headers['content-type']?.startsWith('text/event-stream')) {
        proxyRes.headers['cache-control'] = 'no-cache, no-transform';
        proxyRes.headers['x-accel-buffering'] = 'no';
        // When the API goes away, end the browser's stream too, so EventSource reconnects.
        proxyRes.on('close', () => res.destroy());
      }
    });
  },
};

export default defineConfig({
  root,
  plugins: [svelte()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': apiProxy },
  },
  preview: {
    port: 4173,
    proxy: { '/api': apiProxy },
  },
});
