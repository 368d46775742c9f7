/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { fileURLToPath, URL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

// Writes `name.br` and `name.gz` beside every text file of the build larger than 1 KiB; the
// server sends them to clients whose Accept-Encoding allows (src/api/static_files.hpp). Done once
// here at the highest levels, so the server never compresses per request.
function precompress(): Plugin {
  return {
    name: 'guanxi-precompress',
    apply: 'build',
    enforce: 'post',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const [fileName, out] of Object.entries(bundle)) {
        if (!/\.(js|mjs|css|html|svg|json)$/.test(fileName)) continue;
        const text = out.type === 'chunk' ? out.code : out.source;
        const data = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
        if (data.length < 1024) continue;
        writeFileSync(join(dir, `${fileName}.gz`), gzipSync(data, { level: 9 }));
        writeFileSync(
          join(dir, `${fileName}.br`),
          brotliCompressSync(data, {
            params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length },
          }),
        );
      }
    },
  };
}

// The API server the dev server proxies to (`guanxi serve --port 8090`).
const apiTarget = process.env.GUANXI_API ?? 'http://127.0.0.1:8090';

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components used in templates are imported on demand, with their CSS.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: false,
    }),
    precompress(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1200,
    // No inline script anywhere (the server's CSP is script-src 'self').
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/vue-i18n') || id.includes('node_modules/@intlify')) return 'i18n';
          if (id.includes('node_modules/@vue/') || id.includes('node_modules/vue/') ||
              id.includes('node_modules/vue-router') || id.includes('node_modules/pinia')) return 'vue';
          return undefined;
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/unit/**/*.spec.ts'],
    server: { deps: { inline: ['element-plus'] } },
  },
});
