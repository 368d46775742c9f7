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

// The first screen of a signed-in deep link: the entry, the layout and the customer list. The
// Element Plus components they render go into one `element-plus` chunk that index.html loads
// with the entry (instead of ~40 small chunks fetched in a waterfall after it); components used
// only by other screens stay in those screens' chunks.
const SHELL_ROOTS = ['./src/main.ts', './src/layouts/AppLayout.vue', './src/views/customers/CustomerList.vue'].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);

type ModuleInfoOf = (id: string) => { importedIds: readonly string[] } | null;
const shellComponentsOfBuild = new WeakMap<ModuleInfoOf, Set<string>>();

/**
 * The Element Plus component directories (`element-plus/es/components/<dir>/`) the modules
 * statically imported from `roots` use. unplugin-vue-components imports the components from the
 * package's index, whose imports name every component, so they are found by the style module it
 * adds per component (`<dir>/style/css.mjs`; each imports the styles of the components it uses).
 * So a module that only renders a component's markup (ListTable's table, the tier tags, the layout's
 * avatar) imports the component's CSS from `element-plus/theme-chalk/el-<name>.css`, not its
 * style module, or the component's script would be counted into the chunk.
 */
function elementPlusComponentsOf(roots: string[], getModuleInfo: ModuleInfoOf): Set<string> {
  const seen = new Set<string>();
  const dirs = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id) || /node_modules\/element-plus\/es\/index\.mjs$/.test(id)) continue;
    seen.add(id);
    const dir = /node_modules\/element-plus\/es\/components\/([^/]+)\/style\/css\.mjs$/.exec(id)?.[1];
    if (dir) dirs.add(dir);
    for (const dep of getModuleInfo(id)?.importedIds ?? []) stack.push(dep);
  }
  return dirs;
}

// Adds <link rel="modulepreload"> (and style preloads) for the chunks of the shell's lazy route
// components to index.html, so that they download while the entry chunks are compiled and run.
function preloadShell(roots: string[]): Plugin {
  return {
    name: 'guanxi-preload-shell',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle!;
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const entry = chunks.find((c) => c.isEntry)!;
        const loaded = new Set<string>([entry.fileName, ...entry.imports]);
        const js = new Set<string>();
        const css = new Set<string>();
        const visit = (file: string) => {
          if (loaded.has(file) || js.has(file)) return;
          const c = byFile.get(file);
          if (!c || c.type !== 'chunk') return;
          js.add(file);
          for (const f of c.viteMetadata?.importedCss ?? []) css.add(f);
          c.imports.forEach(visit);
        };
        for (const c of chunks) if (c.facadeModuleId && roots.includes(c.facadeModuleId)) visit(c.fileName);
        return [
          ...[...js].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const })),
          ...[...css].map((f) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const })),
        ];
      },
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
    // The shell's lazy route components (all of SHELL_ROOTS but the entry).
    preloadShell(SHELL_ROOTS.slice(1)),
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
        manualChunks(id, { getModuleInfo }) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/vue-i18n') || id.includes('node_modules/@intlify') ||
              id.includes('node_modules/@vue/') || id.includes('node_modules/vue/') ||
              id.includes('node_modules/vue-router') || id.includes('node_modules/pinia')) return 'vue';
          // The rest of Element Plus (utilities, hooks, lodash-es...) follows the components
          // into this chunk as far as they use it (Rollup adds a manual chunk's dependencies).
          const dir = /node_modules\/element-plus\/es\/components\/([^/]+)\//.exec(id)?.[1];
          if (dir) {
            let shell = shellComponentsOfBuild.get(getModuleInfo);
            if (!shell) shellComponentsOfBuild.set(getModuleInfo, (shell = elementPlusComponentsOf(SHELL_ROOTS, getModuleInfo)));
            if (shell.has(dir)) return 'element-plus';
          }
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
