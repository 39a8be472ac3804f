import { expose, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { closableEndpoint } from './endpoint';

const channels: Array<InstanceType<typeof MessageChannel>> = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function pair<T>(api: object) {
  const channel = new MessageChannel();
  channels.push(channel);
  // The platform's MessageChannel (Node and browsers): its ports are comlink endpoints as they are.
  expose(api, channel.port2);
  const endpoint = closableEndpoint(channel.port1);
  return { remote: wrap<T>(endpoint), endpoint };
}

describe('closableEndpoint', () => {
  it('passes calls and answers through unchanged', async () => {
    const { remote, endpoint } = pair<{ add(a: number, b: number): number }>({ add: (a: number, b: number) => a + b });
    await expect(remote.add(2, 3)).resolves.toBe(5);
    expect(endpoint.pending).toBe(0);
  });

  it('rejects a call still pending when the endpoint closes, with the given code', async () => {
    const { remote, endpoint } = pair<{ never(): Promise<void> }>({ never: () => new Promise(() => {}) });
    const call = remote.never();
    await new Promise((r) => setTimeout(r, 20));
    expect(endpoint.pending).toBe(1);
    endpoint.close('WORKER_CRASHED', 'the worker died');
    await expect(call).rejects.toMatchObject({ code: 'WORKER_CRASHED', message: 'the worker died' });
    expect(endpoint.pending).toBe(0);
  });

  it('rejects calls made after close at once instead of sending them', async () => {
    const { remote, endpoint } = pair<{ one(): number }>({ one: () => 1 });
    endpoint.close('CONNECTION_CLOSED', 'gone');
    await expect(remote.one()).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
  });
});
