import { WebSocket } from 'ws';

// Colyseus 0.18 reads the global WebSocket on its reconnection path; Node 20 has none (Node 22 does).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
