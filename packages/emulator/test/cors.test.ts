// CORS with --cors-origin, for a web app under development that calls the emulator from its own
// origin; none at all without it.
import { describe, expect, it } from 'vitest';
import { emulator, PROJECT } from './helpers.js';

const preflight = (url: string, origin: string) =>
  fetch(`${url}/v2/${PROJECT}/tasks`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-auth-token, content-type' } });

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the methods and headers the API uses, and exposes X-Request-Id', async () => {
    const { url } = await emulator({ corsOrigins: ['http://localhost:5173'] });
    const answer = await preflight(url, 'http://localhost:5173');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE');
    expect(answer.headers.get('access-control-allow-headers')).toMatch(/X-Auth-Token.*Authorization.*X-Sdk-Date/);
    const get = await fetch(`${url}/v2/${PROJECT}/tasks`, { headers: { Origin: 'http://localhost:5173', 'X-Auth-Token': 't' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(get.headers.get('access-control-expose-headers')).toBe('X-Request-Id');
    // Errors carry them too, so the page can read the error body.
    const refused = await fetch(`${url}/v2/${PROJECT}/tasks`, { headers: { Origin: 'http://localhost:5173' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    // Another origin gets nothing.
    const other = await preflight(url, 'http://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows any origin with *', async () => {
    const { url } = await emulator({ corsOrigins: ['*'] });
    expect((await preflight(url, 'http://127.0.0.1:3000')).headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
  });

  it('sends no CORS header without --cors-origin', async () => {
    const { url } = await emulator();
    const answer = await preflight(url, 'http://localhost:5173');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${url}/v2/${PROJECT}/tasks`, { headers: { Origin: 'http://localhost:5173', 'X-Auth-Token': 't' } });
    expect([...get.headers.keys()].filter((h) => h.startsWith('access-control'))).toEqual([]);
  });
});
