import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// An IAM fixture on 127.0.0.1 and a free port, answering `POST /v3/auth/tokens` as Huawei's IAM
// API reference describes it (iam_30_0001: password; iam_30_0003: agency): 201 with the token
// in `X-Subject-Token` and `token.expires_at` in the body, 401 for a wrong password. Time comes
// from the test's clock; answers can be held until the test releases them.

export interface IamRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface IamServer {
  url: string;
  requests: IamRequest[];
  /** Tokens issued, in order. */
  issued: string[];
  /** Hold answers until `release()` (requests are still recorded as they arrive). */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export interface IamOptions {
  user: { name: string; password: string; domain: string };
  /** The clock of the test (epoch ms). */
  now: () => number;
  /** Lifetime of a token. Default 24 h, as IAM's. */
  lifetimeMs?: number;
  /** A worst-case server: its 401 message quotes the password it was sent. */
  echoPassword?: boolean;
  /** Agencies the user's token may assume: `${domain}/${agency}`. */
  agencies?: string[];
}

export async function startIamServer(options: IamOptions): Promise<IamServer> {
  const { user, now, lifetimeMs = 24 * 3600_000 } = options;
  const requests: IamRequest[] = [];
  const issued: string[] = [];
  let held: (() => void)[] | undefined;

  const issue = (kind: string) => {
    // IAM tokens are kilobytes of base64 (a signed CMS structure); this one is long enough to be redacted in part.
    const token = `MIIT${kind}${issued.length + 1}x${'A1b2C3d4+/'.repeat(60)}==`;
    issued.push(token);
    const at = now();
    return {
      token,
      body: { token: { expires_at: new Date(at + lifetimeMs).toISOString().replace('Z', '000Z'), issued_at: new Date(at).toISOString(), methods: [kind === 'U' ? 'password' : 'assume_role'] } },
    };
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: any;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    if (held) await new Promise<void>((resolve) => held!.push(resolve));
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(payload));
    const unauthorized = (message: string) => send(401, { error: { code: 401, message, title: 'Unauthorized' } });

    if (req.method !== 'POST' || !req.url?.startsWith('/v3/auth/tokens')) return send(404, { error: { code: 404, message: 'Not found', title: 'Not Found' } });
    const identity = body?.auth?.identity;
    if (identity?.methods?.[0] === 'password') {
      const u = identity.password?.user;
      if (u?.name !== user.name || u?.domain?.name !== user.domain || u?.password !== user.password) {
        return unauthorized(options.echoPassword ? `The username or password is wrong: ${u?.name}/${u?.password}` : 'The username or password is wrong.');
      }
      const { token, body: answer } = issue('U');
      return send(201, answer, { 'X-Subject-Token': token });
    }
    if (identity?.methods?.[0] === 'assume_role') {
      const caller = String(req.headers['x-auth-token'] ?? '');
      if (!issued.includes(caller)) return unauthorized('The request you have made requires authentication.');
      const role = identity.assume_role;
      if (!options.agencies?.includes(`${role?.domain_name ?? role?.domain_id}/${role?.agency_name}`)) {
        return send(403, { error: { code: 403, message: 'You are not authorized to perform the requested action.', title: 'Forbidden' } });
      }
      const { token, body: answer } = issue('A');
      return send(201, answer, { 'X-Subject-Token': token });
    }
    return send(400, { error: { code: 400, message: 'Request body is invalid.', title: 'Bad Request' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    issued,
    hold: () => void (held ??= []),
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const go of waiting) go();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
