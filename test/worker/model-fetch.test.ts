import { describe, expect, it, vi } from 'vitest';
import { LOCAL_HOST } from '../../worker/local-folder';
import { modelFetch } from '../../worker/model-fetch';

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

const page = 'http://localhost:4173';
const ok = () => vi.fn<Fetch>(async () => new Response('x'));

describe('modelFetch', () => {
  it('passes this origin and the hub through, and refuses any other origin without a request', async () => {
    const network = ok();
    const { fetch, failure } = modelFetch({ pageOrigin: page, allowedOrigins: [] }, network);
    await fetch('http://localhost:4173/models/test/bert-tiny/config.json');
    await fetch('https://huggingface.co/a/b/resolve/main/config.json');
    expect(network).toHaveBeenCalledTimes(2);
    await expect(fetch('https://evil.example/x/config.json')).rejects.toMatchObject({ name: 'UntrustedOriginError' });
    await expect(fetch(new URL('//evil.example/y', page))).rejects.toThrow(
      /http:\/\/evil\.example is neither this site nor the Hugging Face hub/,
    );
    expect(network).toHaveBeenCalledTimes(2);
    expect(failure()).toEqual({ url: 'https://evil.example/x/config.json', kind: 'refused' });
  });

  it('lets an approved origin through, and only that one', async () => {
    const network = ok();
    const { fetch } = modelFetch({ pageOrigin: page, allowedOrigins: ['https://models.example.net'] }, network);
    await fetch('https://models.example.net/m/config.json');
    await expect(fetch('https://models.example.net.evil.example/m/config.json')).rejects.toThrow(/Refused/);
    expect(network).toHaveBeenCalledTimes(1);
  });

  it('serves the picked folder with no network, and answers 404 for what it lacks', async () => {
    const network = ok();
    const files = [
      { path: 'config.json', file: new Blob(['{"a":1}']) },
      { path: '/onnx/model.onnx', file: new Blob([new Uint8Array(3)]) },
    ];
    const { fetch } = modelFetch({ pageOrigin: page, allowedOrigins: [], files, localPrefix: 'folder-1/' }, network);
    expect(await (await fetch(`${LOCAL_HOST}folder-1/config.json`)).text()).toBe('{"a":1}');
    const onnx = await fetch(`${LOCAL_HOST}folder-1/onnx/model.onnx`);
    expect(onnx.headers.get('content-length')).toBe('3');
    const missing = await fetch(`${LOCAL_HOST}folder-1/onnx/model.onnx_data`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('onnx/model.onnx_data');
    expect(network).not.toHaveBeenCalled();
  });

  it('remembers the first request whose host could not be reached', async () => {
    const network = vi.fn<Fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    const { fetch, failure } = modelFetch({ pageOrigin: page, allowedOrigins: [] }, network);
    await expect(fetch('https://huggingface.co/a/b/resolve/main/tokenizer_config.json')).rejects.toThrow('Failed to fetch');
    await expect(fetch('https://huggingface.co/a/b/resolve/main/onnx/model_quantized.onnx')).rejects.toThrow('Failed to fetch');
    expect(failure()).toEqual({ url: 'https://huggingface.co/a/b/resolve/main/tokenizer_config.json', kind: 'unreachable' });
  });

  it('gives up on a host that sends no headers in time, and says it timed out', async () => {
    vi.useFakeTimers();
    try {
      const network = vi.fn<Fetch>(
        (_url, init) =>
          new Promise<Response>((_, reject) =>
            init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
          ),
      );
      const { fetch, failure } = modelFetch({ pageOrigin: page, allowedOrigins: [] }, network);
      const pending = fetch('https://huggingface.co/a/b/resolve/main/config.json');
      const settled = expect(pending).rejects.toThrow('aborted');
      await vi.advanceTimersByTimeAsync(60_000);
      await settled;
      expect(failure()).toMatchObject({ kind: 'timeout' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks the network once per JSON file and answers every later ask, one-byte probes included, from it; graphs, external-data chunks and other requests go through each time', async () => {
    let served = 0;
    const network = vi.fn<Fetch>(async (url) => new Response(`${String(url)} #${++served}`, { status: 200, headers: { etag: '"e"' } }));
    const { fetch } = modelFetch({ pageOrigin: page, allowedOrigins: [] }, network);
    const config = 'https://huggingface.co/a/b/resolve/main/tokenizer_config.json';
    const body = `${config} #1`;
    const [probe, first, second] = await Promise.all([fetch(config, { headers: { Range: 'bytes=0-0' } }), fetch(config), fetch(config)]);
    const third = await fetch(config);
    expect([await first.text(), await second.text(), await third.text()]).toEqual([body, body, body]);
    expect(third.headers.get('etag')).toBe('"e"');
    expect(probe.status).toBe(206);
    expect(probe.headers.get('content-range')).toBe(`bytes 0-0/${body.length}`);
    expect(await probe.text()).toBe('h');
    expect(network).toHaveBeenCalledTimes(1);
    expect(new Headers(network.mock.calls[0]![1]?.headers).has('range')).toBe(false);

    const graph = 'https://huggingface.co/a/b/resolve/main/onnx/model_quantized.onnx';
    await fetch(graph);
    await fetch(graph, { headers: { Range: 'bytes=0-0' } });
    const chunk = 'https://huggingface.co/a/b/resolve/main/onnx/model_q4.onnx_data_1';
    await fetch(chunk, { headers: { Range: 'bytes=0-0' } });
    await fetch(config, { headers: { Range: 'bytes=2-5' } });
    await fetch(config, { method: 'HEAD' });
    expect(network.mock.calls.map(([url, init]) => `${init?.method ?? 'GET'} ${String(url).split('/main/')[1]}`)).toEqual([
      'GET tokenizer_config.json',
      'GET onnx/model_quantized.onnx',
      'GET onnx/model_quantized.onnx',
      'GET onnx/model_q4.onnx_data_1',
      'GET tokenizer_config.json',
      'HEAD tokenizer_config.json',
    ]);
    // The chunk's probe reaches the server as a probe: its answer carries the real size, read before any weight is downloaded.
    expect(new Headers(network.mock.calls[3]![1]?.headers).get('range')).toBe('bytes=0-0');

    const flaky = vi.fn<Fetch>().mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValue(new Response('{}'));
    const retried = modelFetch({ pageOrigin: page, allowedOrigins: [] }, flaky);
    await expect(retried.fetch(config)).rejects.toThrow('Failed to fetch');
    expect(await (await retried.fetch(config)).text()).toBe('{}');
    // The failed GET, the no-cors HEAD that asks why it failed, and the retry.
    expect(flaky).toHaveBeenCalledTimes(3);
  });

  it('tells a host that answered without CORS headers from one not reached, by a no-cors HEAD to the same URL', async () => {
    const url = 'https://huggingface.co/a/b/resolve/main/config.json';
    const refusing = vi.fn<Fetch>(async (_url, init) => {
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    });
    const denied = modelFetch({ pageOrigin: page, allowedOrigins: [] }, refusing);
    await expect(denied.fetch(url)).rejects.toThrow('Failed to fetch');
    expect(denied.failure()).toEqual({ url, kind: 'denied' });
    expect(refusing.mock.calls[1]).toMatchObject([url, { method: 'HEAD', mode: 'no-cors', referrerPolicy: 'no-referrer' }]);
  });

  it('names a 429 as the host limiting requests, and sends no Referer with any request', async () => {
    const network = vi.fn<Fetch>(async () => new Response('Too Many Requests', { status: 429 }));
    const { fetch, failure } = modelFetch({ pageOrigin: page, allowedOrigins: [] }, network);
    const url = 'https://huggingface.co/a/b/resolve/main/tokenizer.json';
    expect((await fetch(url)).status).toBe(429);
    expect(failure()).toEqual({ url, kind: 'limited' });
    expect(network.mock.calls.map(([, init]) => init?.referrerPolicy)).toEqual(['no-referrer']);
  });

  it('drops the Content-Length of a one-byte probe whose Content-Range is hidden, so its size reads as unknown, not 1', async () => {
    const graph = 'https://huggingface.co/a/b/resolve/main/onnx/model.onnx';
    const probe = { headers: { Range: 'bytes=0-0' } };
    const hidden = modelFetch(
      { pageOrigin: page, allowedOrigins: [] },
      async () => new Response('x', { status: 206, headers: { 'content-length': '1' } }),
    );
    const unsized = await hidden.fetch(graph, probe);
    expect([unsized.status, unsized.headers.get('content-length'), await unsized.text()]).toEqual([206, null, 'x']);
    const shown = modelFetch(
      { pageOrigin: page, allowedOrigins: [] },
      async () => new Response('x', { status: 206, headers: { 'content-length': '1', 'content-range': 'bytes 0-0/5000' } }),
    );
    expect((await shown.fetch(graph, probe)).headers.get('content-length')).toBe('1');
  });
});
