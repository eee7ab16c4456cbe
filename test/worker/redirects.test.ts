import { describe, expect, it, vi } from 'vitest';
import { modelFetch } from '../../worker/model-fetch';

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

const page = 'http://localhost:4173';
const approved = 'http://127.0.0.1:8000';

/** A response as a browser's fetch hands it out, with the fields a constructed Response cannot set. */
function answer(body: string, fields: { type?: ResponseType; redirected?: boolean; url?: string; status?: number }): Response {
  const response = new Response(fields.type === 'opaqueredirect' ? null : body);
  for (const [key, value] of Object.entries(fields)) Object.defineProperty(response, key, { value });
  return response;
}

describe('redirects of model requests', () => {
  it("follows only the hub's redirects: every other origin's request is sent with redirect: 'manual'", async () => {
    const network = vi.fn<Fetch>(async () => new Response('{}'));
    const { fetch } = modelFetch({ pageOrigin: page, allowedOrigins: [approved] }, network);
    await fetch('https://huggingface.co/a/b/resolve/main/config.json');
    await fetch('https://us.aws.cdn.hf.co/repos/x/model.onnx');
    await fetch(`${approved}/m/config.json`);
    await fetch(`${page}/models/test/bert-tiny/config.json`);
    expect(network.mock.calls.map(([, init]) => init?.redirect)).toEqual(['follow', 'follow', 'manual', 'manual']);
  });

  it('refuses a redirect from an approved origin, whose target the browser hides, and names it', async () => {
    const opaque = modelFetch({ pageOrigin: page, allowedOrigins: [approved] }, async () =>
      answer('', { type: 'opaqueredirect', status: 0 }),
    );
    const url = `${approved}/m/onnx/model.onnx`;
    await expect(opaque.fetch(url)).rejects.toMatchObject({
      name: 'UntrustedOriginError',
      message: `Refused ${url}: ${approved} answered with a redirect, and only the Hugging Face hub's redirects are followed (where another host redirects to cannot be checked before the request is made). Load the model from the address its files are served at.`,
    });
    expect(opaque.failure()).toEqual({ url, kind: 'refused' });
    // Outside browsers an unfollowed redirect comes back as it is.
    const raw = modelFetch({ pageOrigin: page, allowedOrigins: [approved] }, async () => answer('', { status: 302 }));
    await expect(raw.fetch(`${approved}/m/config.json`)).rejects.toThrow(/answered with a redirect/);
  });

  it('uses nothing from an origin the hub redirected to unless it is trusted or approved', async () => {
    const body = new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('weights')) });
    const cancel = vi.spyOn(body, 'cancel');
    const evil = new Response(body);
    Object.defineProperty(evil, 'redirected', { value: true });
    Object.defineProperty(evil, 'url', { value: 'https://evil.example/weights.onnx' });
    const hub = 'https://huggingface.co/a/b/resolve/main/onnx/model.onnx';
    const { fetch, failure } = modelFetch({ pageOrigin: page, allowedOrigins: [approved] }, async () => evil);
    await expect(fetch(hub)).rejects.toMatchObject({
      name: 'UntrustedOriginError',
      message: `Refused ${hub}: it redirected to https://evil.example, which is neither this site nor the Hugging Face hub, and loading from it was not approved. Nothing it sent was used.`,
    });
    expect(cancel).toHaveBeenCalled();
    expect(failure()).toEqual({ url: hub, kind: 'refused' });
    // Port-exact: the hub's host on another port is another server.
    const port = modelFetch({ pageOrigin: page, allowedOrigins: [] }, async () =>
      answer('x', { redirected: true, url: 'https://cdn.hf.co:8443/x' }),
    );
    await expect(port.fetch(hub)).rejects.toThrow('it redirected to https://cdn.hf.co:8443');
  });

  it("keeps the hub's own redirects to its storage hosts, and those to an approved origin", async () => {
    for (const final of ['https://us.aws.cdn.hf.co/repos/x/model.onnx', `${approved}/mirror/model.onnx`]) {
      const { fetch } = modelFetch({ pageOrigin: page, allowedOrigins: [approved] }, async () =>
        answer('weights', { redirected: true, url: final }),
      );
      expect(await (await fetch('https://huggingface.co/a/b/resolve/main/onnx/model.onnx')).text()).toBe('weights');
    }
  });
});
