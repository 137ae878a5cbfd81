import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import postcssPresetMantine from "postcss-preset-mantine";
import postcssSimpleVars from "postcss-simple-vars";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

// Mantine's breakpoints, so component CSS can use $mantine-breakpoint-* in media queries.
const mantineBreakpoints = {
  "mantine-breakpoint-xs": "36em",
  "mantine-breakpoint-sm": "48em",
  "mantine-breakpoint-md": "62em",
  "mantine-breakpoint-lg": "75em",
  "mantine-breakpoint-xl": "88em",
};

export default defineConfig({
  root,
  plugins: [react()],
  css: {
    postcss: {
      plugins: [postcssPresetMantine(), postcssSimpleVars({ variables: mantineBreakpoints })],
    },
  },
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // One bundle for an admin console is fine: React, Mantine and TanStack Query come to
    // about 600 kB minified (under 200 kB gzipped), over Vite's 500 kB default warning.
    chunkSizeWarningLimit: 800,
  },
  server: {
    // The Kizuna server serves the built UI on one origin; in development Vite proxies the API
    // (including the Server-Sent Events stream) so cookies stay same-origin.
    proxy: {
      "/api": { target: "http://127.0.0.1:3000", changeOrigin: false },
    },
  },
});
