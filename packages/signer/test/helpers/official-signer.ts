/**
 * Signs a request with the official Huawei Cloud Node SDK (`@huaweicloud/huaweicloud-sdk-core`).
 * It goes through the SDK's public path, `HcClient.sendRequest`: HcClient builds the request
 * (puts path parameters into the URL as they are, normalises Content-Type), `BasicCredentials`
 * adds X-Project-Id / X-Security-Token / X-Sdk-Content-Sha256, then `AKSKSigner.sign` runs. A stub
 * HttpClient keeps the signed request instead of sending it.
 */
import { vi } from 'vitest';
import { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js';
import type { HttpClient } from '@huaweicloud/huaweicloud-sdk-core/http/HttpClient.js';
import type { IHttpRequest } from '@huaweicloud/huaweicloud-sdk-core/http/IHttpRequest.js';

export interface OfficialRequest {
  method: string;
  /** Scheme and host, e.g. `https://vias.cn-north-4.myhuaweicloud.com`. */
  endpoint: string;
  /** Path template, e.g. `/v2/{project_id}/tasks/{task_id}`. `{project_id}` comes from the credentials. */
  url: string;
  pathParams?: Record<string, string>;
  queryParams?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** What a generated SDK client passes; HcClient turns it into the `content-type` header. */
  contentType?: string;
  data?: unknown;
}

export interface OfficialCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
  projectId?: string;
}

export interface OfficialSignature {
  authorization: string;
  sdkDate: string;
  /** Every header of the signed request, as the SDK hands it to axios. */
  headers: Record<string, string>;
}

/** Signs with the official SDK, with the clock set to `date`. */
export async function signOfficially(
  request: OfficialRequest,
  credentials: OfficialCredentials,
  date: Date,
): Promise<OfficialSignature> {
  let captured: IHttpRequest | undefined;
  const stub: HttpClient = {
    sendRequest: async (httpRequest: IHttpRequest) => {
      captured = httpRequest;
      return { data: {}, statusCode: 200, headers: {} } as never;
    },
  };
  const credential = new BasicCredentials()
    .withAk(credentials.accessKey)
    .withSk(credentials.secretKey)
    .withSecurityToken(credentials.securityToken);
  if (credentials.projectId) credential.withProjectId(credentials.projectId);
  const client = new HcClient(stub).withEndpoints([request.endpoint]).withCredential(credential);

  // The SDK changes what it is given (deletes headers, sorts query arrays in place): pass copies.
  const options = structuredClone({
    method: request.method,
    url: request.url,
    contentType: request.contentType as string,
    pathParams: request.pathParams ?? {},
    queryParams: request.queryParams ?? {},
    headers: request.headers ?? {},
    ...(request.data === undefined ? {} : { data: request.data as Record<string, unknown> }),
  });
  // AKSKSigner reads the clock through moment(), which calls Date.now().
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(date);
  try {
    await client.sendRequest(options);
  } finally {
    vi.useRealTimers();
  }
  const headers = (captured?.headers ?? {}) as Record<string, string>;
  const authorization = headers['Authorization'];
  const sdkDate = headers['X-Sdk-Date'];
  if (authorization === undefined || sdkDate === undefined) throw new Error('the official SDK did not sign the request');
  return { authorization, sdkDate, headers };
}
