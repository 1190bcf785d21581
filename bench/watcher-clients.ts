import WebSocket from 'ws';

// The watchers of `gateway-watchers`, in a process of their own (each process may hold only so many
// sockets): opens `count` WebSockets to `url`, says `ready` once every one has its first frame, then
// `fanned` with the time the last of them got the next frame. Talks to its parent over IPC.

interface Start {
  readonly url: string;
  readonly count: number;
}

const send = (message: unknown) => process.send?.(message);

process.on('message', async (message: Start | { readonly type: 'stop' }) => {
  if ('type' in message) process.exit(0);
  const sockets: WebSocket[] = [];
  // How many sockets have had their n-th frame: when all have, frame n has fanned out.
  const had = new Map<number, number>();
  for (let i = 0; i < message.count; i++) {
    const socket = new WebSocket(message.url, { perMessageDeflate: false });
    let frames = 0;
    socket.on('message', () => {
      frames += 1;
      const all = (had.get(frames) ?? 0) + 1;
      had.set(frames, all);
      if (all < message.count) return;
      had.delete(frames);
      send(frames === 1 ? { type: 'ready' } : { type: 'fanned', at: performance.timeOrigin + performance.now() });
    });
    socket.on('error', (error) => send({ type: 'error', message: error.message }));
    sockets.push(socket);
    // Open in batches so the server's accept queue keeps up.
    if (i % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 20));
  }
});
send({ type: 'started' });
