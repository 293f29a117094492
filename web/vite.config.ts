/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The app is served by `umt serve` on the API's own origin, so `/api` needs no proxy in a
// build; `npm run dev` proxies it to a local `umt serve` (UMT_API, default port 8000).
const api = process.env.UMT_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    sourcemap: false,
    // No inline scripts: the app's CSP is script-src 'self'.
    modulePreload: { polyfill: false },
    // every asset a file of its own: the CSP allows fonts and images from the origin, not data:
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 900,
  },
  server: { proxy: { "/api": api, "/health": api } },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    // MUI under jsdom on a shared two-core machine: typing alone can take seconds
    testTimeout: 30_000,
  },
});
