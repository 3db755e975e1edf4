// X-Request-Id values: 32 hex digits, a random prefix per process and a counter, so that each
// answer costs an increment rather than 16 random bytes (4 % of a showTask, measured).
import { randomBytes } from 'node:crypto';

export function requestIds(): () => string {
  const prefix = randomBytes(8).toString('hex');
  let counter = 0;
  return () => prefix + (++counter).toString(16).padStart(16, '0');
}
