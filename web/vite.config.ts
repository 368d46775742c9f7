/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { fileURLToPath, URL } from 'node:url';

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
