import { describe, expect, it } from 'vitest';
import { hubAnswer } from '../../lib/hub-answer';

const bytes = Buffer.from('0123456789');

describe("hubAnswer, the hub's answers for the testing kit and the simulated hub", () => {
  it('answers HEAD with the size, a ranged GET with 206 and its bytes, a whole GET with all of them', () => {
    expect(hubAnswer('onnx/model.onnx', 'HEAD', undefined, bytes)).toMatchObject({
      status: 200,
      headers: { 'content-length': '10' },
      body: '',
    });
    const ranged = hubAnswer('onnx/model.onnx', 'GET', 'bytes=0-0', bytes);
    expect(ranged).toMatchObject({ status: 206, headers: { 'content-range': 'bytes 0-0/10' } });
    expect(ranged.body.toString()).toBe('0');
    expect(hubAnswer('config.json', 'GET', undefined, bytes)).toMatchObject({
      status: 200,
      headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
      body: bytes,
    });
  });

  it("answers a file it does not hold with the hub's 404, a range past the end with 416", () => {
    expect(hubAnswer('onnx/model_fp16.onnx', 'GET', undefined, undefined)).toMatchObject({
      status: 404,
      headers: { 'x-error-code': 'EntryNotFound', 'access-control-allow-origin': '*' },
    });
    expect(hubAnswer('onnx/model.onnx', 'GET', 'bytes=20-', bytes)).toMatchObject({
      status: 416,
      headers: { 'content-range': 'bytes */10' },
    });
  });
});
