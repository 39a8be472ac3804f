import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frame, rawWebSocket, textFrame } from './test-support/raw-socket';
import { spawnShell, type ShellProcess } from './test-support/spawn-shell';

/**
 * Random frames and random comlink messages at an authenticated WebSocket, for a fixed seed and
 * count: the shell must survive every one of them and still answer afterwards. The shell runs in
 * its own process so that a crash is a dead process, not an error swallowed by the test runner.
 */
const SEED = 20_240_601;
const RUNS = 120;

let shell: ShellProcess;
beforeAll(async () => {
  shell = await spawnShell();
}, 30_000);
afterAll(() => shell?.stop());

// Methods that only read or touch uploads, so random valid calls cannot start long jobs.
const METHODS = [
  ['system', 'info'],
  ['datasets', 'list'],
  ['datasets', 'get'],
  ['datasets', 'chart'],
  ['datasets', 'preview'],
  ['datasets', 'uploadBegin'],
  ['datasets', 'uploadChunk'],
  ['datasets', 'uploadFinish'],
  ['datasets', 'cancelImport'],
  ['runs', 'list'],
  ['jobs', 'list'],
  ['system', 'constructor'],
  ['__proto__', 'toString'],
];

const wireValue = fc.oneof(
  fc.record({ type: fc.constant('RAW'), value: fc.anything() }),
  fc.record({ type: fc.constantFrom('HANDLER', 'RAW', 'x'), name: fc.constantFrom('proxy', 'throw', 'nope'), value: fc.anything() }, { requiredKeys: [] }),
  fc.anything(),
);

/** comlink-shaped messages, each field sometimes right, sometimes wrong. */
const message = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 20 }), fc.anything()),
    type: fc.oneof(fc.constantFrom('APPLY', 'RELEASE', 'GET', 'SET', 'CONSTRUCT', 'ENDPOINT'), fc.string({ maxLength: 8 })),
    path: fc.oneof(fc.constantFrom(...METHODS), fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }), fc.anything()),
    argumentList: fc.oneof(fc.array(wireValue, { maxLength: 3 }), fc.anything()),
    value: wireValue,
    $event: fc.anything(),
  },
  { requiredKeys: ['id', 'type'] },
);

/** The codec's tagged values ($bw), with good and bad tags and base64. */
const tagged = fc.record({
  $bw: fc.constantFrom('Float64Array', 'Uint8Array', 'ArrayBuffer', 'NaN', 'undefined', 'constructor', '__proto__', 'toString', 'BigInt64Array'),
  b64: fc.oneof(fc.base64String({ maxLength: 40 }), fc.string({ maxLength: 10 })),
});

const textPayload = fc.oneof(
  message.map((m) => JSON.stringify(m) ?? 'null'),
  fc.tuple(message, tagged).map(([m, t]) => JSON.stringify({ ...m, argumentList: [{ type: 'RAW', value: t }] }) ?? 'null'),
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 200 }),
);

const rawFrame = fc
  .record({
    opcode: fc.integer({ min: 0, max: 15 }),
    payload: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
    fin: fc.boolean(),
    rsv: fc.integer({ min: 0, max: 7 }),
    masked: fc.boolean(),
    announcedLength: fc.option(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constant(2 ** 33)), { nil: undefined }),
  })
  .map((spec) => frame(spec));

const input = fc.oneof(
  { weight: 4, arbitrary: textPayload.map((text) => textFrame(text)) },
  { weight: 2, arbitrary: rawFrame },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
);

describe('WebSocket protocol fuzz', () => {
  it(`survives ${RUNS} random sequences of frames and messages (seed ${SEED})`, async () => {
    const host = new URL(shell.origin).host;
    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: 1, maxLength: 5 }), async (inputs) => {
        const ws = await rawWebSocket(shell.port, { Host: host, Origin: shell.origin }, `/api?token=${shell.token}`);
        for (const bytes of inputs) ws.send(bytes);
        // Give the server the time to read, answer or close.
        await Promise.race([ws.closed, new Promise((resolve) => setTimeout(resolve, 15))]);
        ws.socket.destroy();
        expect(shell.alive(), `the shell died:\n${shell.stderr()}`).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Still serving: a page and an API call.
    const login = await fetch(`${shell.origin}/?token=${shell.token}`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await fetch(`${shell.origin}/`, { headers: { cookie } })).status).toBe(200);
    const ws = await rawWebSocket(shell.port, { Host: host, Origin: shell.origin }, `/api?token=${shell.token}`);
    ws.send(textFrame(JSON.stringify({ id: 'after', type: 'APPLY', path: ['system', 'info'], argumentList: [{ type: 'RAW', value: {} }] })));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ws.received().toString('latin1')).toContain('"id":"after"');
    ws.socket.destroy();
  }, 30_000);
});
