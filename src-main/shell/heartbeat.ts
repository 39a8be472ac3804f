import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Pings every socket each `intervalMs` and terminates one that has not answered since the last
 * ping: a peer that vanished without a FIN (sleep, network change) or that never reads would
 * otherwise hold its socket, its uploads and its event subscription forever. Browsers answer
 * pings by themselves. Returns the function that stops it.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number): () => void {
  const alive = new WeakMap<WebSocket, boolean>();
  const markAlive = (ws: WebSocket) => alive.set(ws, true);
  wss.on('connection', (ws: WebSocket) => {
    markAlive(ws);
    ws.on('pong', () => markAlive(ws));
    ws.on('message', () => markAlive(ws));
  });
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
