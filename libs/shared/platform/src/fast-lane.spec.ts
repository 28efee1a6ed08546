import { fastLaneTakes } from './fast-lane';

const json = { 'content-type': 'application/json', 'content-length': '42' };

describe('fast lane: which requests it takes (the rest go to Express and Nest)', () => {
  it.each([
    ['a GET without a query', { method: 'GET', url: '/v1/x', headers: {} }],
    ['a POST of plain JSON', { method: 'POST', url: '/v1/x', headers: json }],
    ['a POST of JSON in UTF-8, said so', { method: 'POST', url: '/v1/x', headers: { ...json, 'content-type': 'Application/JSON; charset=UTF-8' } }],
    ['a body of exactly 100 KiB', { method: 'POST', url: '/v1/x', headers: { ...json, 'content-length': String(100 * 1024) } }],
  ])('takes %s', (_, req) => {
    expect(fastLaneTakes(req)).toBe(true);
  });

  it.each([
    ['a query string', { method: 'GET', url: '/v1/x?asOf=2026-01-01T00:00:00Z', headers: {} }],
    ['an empty query string', { method: 'GET', url: '/v1/x?', headers: {} }],
    ['a browser request (CORS)', { method: 'GET', url: '/v1/x', headers: { origin: 'http://localhost:5173' } }],
    ['an absolute-form target', { method: 'GET', url: 'http://host/v1/x', headers: {} }],
    ['a GET with a body', { method: 'GET', url: '/v1/x', headers: json }],
    ['a HEAD', { method: 'HEAD', url: '/v1/x', headers: {} }],
    ['a PATCH', { method: 'PATCH', url: '/v1/x', headers: json }],
    ['a POST without a body', { method: 'POST', url: '/v1/x', headers: { ...json, 'content-length': '0' } }],
    ['a body over 100 KiB', { method: 'POST', url: '/v1/x', headers: { ...json, 'content-length': String(100 * 1024 + 1) } }],
    ['a chunked body', { method: 'POST', url: '/v1/x', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }],
    ['a compressed body', { method: 'POST', url: '/v1/x', headers: { ...json, 'content-encoding': 'gzip' } }],
    ['a body that is not JSON', { method: 'POST', url: '/v1/x', headers: { ...json, 'content-type': 'text/plain' } }],
    ['JSON in another charset', { method: 'POST', url: '/v1/x', headers: { ...json, 'content-type': 'application/json; charset=utf-16' } }],
    ['a body without a content type', { method: 'POST', url: '/v1/x', headers: { 'content-length': '42' } }],
  ])('leaves %s to Express', (_, req) => {
    expect(fastLaneTakes(req)).toBe(false);
  });
});
