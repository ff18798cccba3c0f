// `npm run dev`: the game server with --watch and the Vite dev server, stopped together on Ctrl-C.
import { spawn } from 'node:child_process';
import process from 'node:process';

// The Vite page (port 5173) is another origin than the server (2567): allow it, in development only.
const devOrigins = 'http://127.0.0.1:5173,http://localhost:5173';
const children = [
  spawn('npm', ['run', 'dev', '--workspace', 'game-server'], {
    stdio: 'inherit',
    env: { ...process.env, ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS ?? devOrigins },
  }),
  spawn('npm', ['run', 'dev', '--workspace', 'game-client'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
