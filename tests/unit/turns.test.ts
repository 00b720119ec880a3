import { EventEmitter } from "node:events";
import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { takeTurns, turnQueue } from "../../app/server/turns";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("turn queue", () => {
  it("starts at most so many per turn of the event loop, first come first started", async () => {
    const queue = turnQueue(4);
    const started: number[] = [];
    for (let i = 1; i <= 10; i++) queue.enter(() => started.push(i));
    expect(started).toEqual([1, 2, 3, 4]);
    expect(queue.waiting).toBe(6);
    // One that comes while others wait goes behind them, even in a turn with room.
    await nextTurn();
    queue.enter(() => started.push(11));
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await nextTurn();
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(queue.waiting).toBe(0);
  });

  it("starts at once when nothing waits and the turn has room", () => {
    const queue = turnQueue(1);
    let ran = false;
    queue.enter(() => (ran = true));
    expect(ran).toBe(true);
  });
});

describe("takeTurns", () => {
  it("does not start a request whose visitor has gone while it waited", async () => {
    const middleware = takeTurns(1);
    const request = (destroyed: boolean) => ({ socket: Object.assign(new EventEmitter(), { destroyed }) }) as unknown as Request;
    const response = { writableEnded: false } as Response;
    const nexts: string[] = [];
    middleware(request(false), response, () => nexts.push("first"));
    const gone = request(false);
    middleware(gone, response, () => nexts.push("gone"));
    middleware(request(false), response, () => nexts.push("third"));
    (gone.socket as unknown as { destroyed: boolean }).destroyed = true;
    await nextTurn();
    await nextTurn();
    expect(nexts).toEqual(["first", "third"]);
  });
});
