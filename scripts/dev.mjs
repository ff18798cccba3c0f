// `npm run dev`: the game server with --watch and the Vite dev server, stopped together on Ctrl-C.
import { spawn } from 'node:child_process';
import process from 'node:process';

const children = [
  spawn('npm', ['run', 'dev', '--workspace', 'game-server'], { stdio: 'inherit' }),
  spawn('npm', ['run', 'dev', '--workspace', 'game-client'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
