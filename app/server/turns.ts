// Keeps each turn of a worker's event loop short under load. libuv accepts one new connection
// per turn of the loop (libuv/libuv#3696; decision 016), and a worker's primary hands it a
// connection only once the worker has acknowledged the last, also once per turn. A turn that
// serves every request that is ready lasts as long as all of them together: with a hundred
// connections each asking for a page, about a third of a second, so a burst of new connections
// waited many seconds in the kernel's queue while the connections already open were served.
// Here at most `perTurn` requests start in one turn, in the order they arrived; the others wait
// for the turns after it. The same work is done in the same order, only cut into shorter turns,
// so a new connection is taken up within a few milliseconds instead of a few hundred.
//
// Every page goes through the queue, those served from the visitor cache too: a cheap answer
// that went round the queue would be served at once while the pages behind the queue waited
// for all the others, and the slowest answers (which a visitor notices) would be slower still.
import type { RequestHandler } from "express";

/**
 * Requests that start in one turn of the event loop. Eight of the heaviest pages (a broker's,
 * about 4 ms) make a turn of about 30 ms; measured with the load benchmark, 4, 8 and 16 served
 * as many requests as no limit at 50 connections, and at 200 none timed out.
 */
export const REQUESTS_PER_TURN = 8;

/** `fn`, called once at the end of this turn of the event loop however often it is asked for in it. */
export function onceThisTurn(fn: () => void): () => void {
  let due = false;
  return () => {
    if (due) return;
    due = true;
    setImmediate(() => {
      due = false;
      fn();
    });
  };
}

export interface TurnQueue {
  /** Runs `start` in this turn if this turn still has room and nothing waits before it, else in a later turn. */
  enter(start: () => void): void;
  /** Requests waiting for a turn. */
  readonly waiting: number;
}

/** A queue that starts at most `perTurn` of what enters it per turn of the event loop, first come first started. */
export function turnQueue(perTurn: number): TurnQueue {
  const waiting: (() => void)[] = [];
  let startedThisTurn = 0;
  // Runs after this turn's input has been read (setImmediate); what it starts is this turn's.
  const dueEndOfTurn = onceThisTurn(() => {
    startedThisTurn = 0;
    while (waiting.length > 0 && startedThisTurn < perTurn) {
      startedThisTurn++;
      waiting.shift()!();
    }
    if (waiting.length > 0) dueEndOfTurn();
  });
  return {
    enter(start) {
      dueEndOfTurn();
      if (waiting.length === 0 && startedThisTurn < perTurn) {
        startedThisTurn++;
        start();
      } else {
        waiting.push(start);
      }
    },
    get waiting() {
      return waiting.length;
    },
  };
}

/** Express middleware: the requests behind it start through a turn queue; one whose visitor has gone is not started. */
export function takeTurns(perTurn = REQUESTS_PER_TURN): RequestHandler {
  const queue = turnQueue(perTurn);
  return (req, res, next) => {
    queue.enter(() => {
      if (req.socket.destroyed || res.writableEnded) return;
      next();
    });
  };
}
