// Keeps the workers' open connections even. Each worker accepts from the shared socket
// (decision 016), and the kernel gives a new connection to whichever worker takes it first: a
// worker that was busy when a burst arrived may get none of it, and long-lived connections (a
// reverse proxy's keep-alive pool, a load test's) then stay where they landed. So a worker that
// accepts a connection while it holds more than its share passes it on, unread, through the
// primary to the worker that holds the fewest. Only the surplus moves, so a connection waits
// on another process's event loop only when its own worker is the busier one.
import cluster, { type Worker } from "node:cluster";
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { onceThisTurn } from "./turns";

/** Connections a worker may hold beyond an even share before it passes new ones on. */
export const SLACK = 1;

type Message =
  | { lsm: "balance:count"; open: number }
  | { lsm: "balance:pass" }
  | { lsm: "balance:take" }
  | { lsm: "balance:counts"; open: Record<number, number>; passesSeen: Record<number, number> };

function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && typeof (value as { lsm?: unknown }).lsm === "string";
}

/**
 * Whether a worker keeps a connection it has just accepted: it holds `mine`, the others hold
 * `others` (as last told, plus what it has passed on since), over `workers` workers.
 */
export function keepsConnection(mine: number, others: number, workers: number): boolean {
  if (workers < 2) return true;
  const total = mine + others + 1;
  return mine + 1 <= Math.ceil(total / workers) + SLACK;
}

/** In a cluster worker: counts what it holds, passes its surplus on and takes what it is given. */
export function balanceConnections(server: Server): void {
  const worker = cluster.worker;
  if (!worker) return;
  // A connection is accepted paused, so one passed on has not been read here.
  (server as unknown as { pauseOnConnect: boolean }).pauseOnConnect = true;
  const serve = server.listeners("connection") as ((socket: Socket) => void)[];
  server.removeAllListeners("connection");
  let open = 0;
  let passed = 0;
  let view: { others: number; workers: number; passesSeen: number } = { others: 0, workers: 1, passesSeen: 0 };
  const report = onceThisTurn(() => {
    if (process.connected) process.send!({ lsm: "balance:count", open } satisfies Message);
  });
  const keep = (socket: Socket) => {
    open++;
    socket.once("close", () => {
      open--;
      report();
    });
    for (const listener of serve) listener.call(server, socket);
    socket.resume();
    report();
  };
  server.on("connection", (socket: Socket) => {
    const inFlight = passed - view.passesSeen;
    if (!process.connected || keepsConnection(open, view.others + inFlight, view.workers)) return keep(socket);
    passed++;
    // Detached from the server here, as Node would, but without Node's tracking of sockets sent
    // to other processes: with it, closing the server stops waiting for its own requests.
    const owned = socket as unknown as { server: Server | null; _server: Server | null };
    owned.server = owned._server = null;
    (server as unknown as { _connections: number })._connections--;
    process.send!({ lsm: "balance:pass" } satisfies Message, socket, { keepOpen: false });
  });
  process.on("message", (message: unknown, handle: unknown) => {
    if (!isMessage(message)) return;
    if (message.lsm === "balance:take" && handle) {
      const socket = handle as Socket;
      // Counted as the server's own, as an accepted connection is, so a graceful stop waits for it.
      (socket as unknown as { server: Server; _server: Server }).server = server;
      (socket as unknown as { _server: Server })._server = server;
      (server as unknown as { _connections: number })._connections++;
      keep(socket);
    } else if (message.lsm === "balance:counts") {
      const ids = Object.keys(message.open).map(Number);
      view = {
        others: ids.filter((id) => id !== worker.id).reduce((sum, id) => sum + message.open[id]!, 0),
        workers: ids.length,
        passesSeen: message.passesSeen[worker.id] ?? 0,
      };
    }
  });
  report();
}

/** In the primary: keeps every worker's count, tells each the others', and hands passed connections to the least loaded. */
export function balanceWorkers(): void {
  const open = new Map<number, number>();
  const passesSeen = new Map<number, number>();
  const broadcast = onceThisTurn(() => {
    const message: Message = { lsm: "balance:counts", open: Object.fromEntries(open), passesSeen: Object.fromEntries(passesSeen) };
    for (const w of Object.values(cluster.workers ?? {})) if (w?.isConnected() && open.has(w.id)) w.send(message);
  });
  const leastLoaded = (except: Worker): Worker => {
    let best = except;
    let fewest = Infinity;
    for (const w of Object.values(cluster.workers ?? {})) {
      if (!w || w === except || !w.isConnected() || !open.has(w.id)) continue;
      if (open.get(w.id)! < fewest) [best, fewest] = [w, open.get(w.id)!];
    }
    return best;
  };
  cluster.on("message", (worker: Worker, message: unknown, handle: unknown) => {
    if (!isMessage(message)) return;
    if (message.lsm === "balance:count") {
      open.set(worker.id, message.open);
      broadcast();
    } else if (message.lsm === "balance:pass" && handle) {
      // Node made the socket here reading; the request already waiting on it must reach the
      // worker, so it stops before the event loop can read anything.
      const raw = (handle as { _handle?: { reading: boolean; readStop(): number } | null })._handle;
      if (raw) {
        raw.reading = false;
        raw.readStop();
      }
      passesSeen.set(worker.id, (passesSeen.get(worker.id) ?? 0) + 1);
      const target = leastLoaded(worker);
      open.set(target.id, (open.get(target.id) ?? 0) + 1);
      target.send({ lsm: "balance:take" } satisfies Message, handle as Socket, { keepOpen: false }, (err: Error | null) => {
        if (err) (handle as Socket).destroy();
      });
      broadcast();
    }
  });
  cluster.on("exit", (worker) => {
    open.delete(worker.id);
    passesSeen.delete(worker.id);
    broadcast();
  });
}
