import { defineConfig } from 'vite';
import { precompress } from './build/precompress.ts';

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173 },
  // Phaser is its own chunk (loaded on demand, see main.ts), about 1.4 MB before compression.
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  plugins: [precompress()],
});
