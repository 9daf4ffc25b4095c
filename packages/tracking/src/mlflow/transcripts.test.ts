// Every exchange of every MLflow 3.6 transcript, replayed through the MLflow client the backends use: the
// request the client builds must match the recording (method, path, query, JSON body, Content-Type), and the
// client must read the recorded answer (JSON with NaN strings, text, bytes) or map the recorded error onto a
// Plinth code. Exchanges a client never sends (bare NaN tokens, malformed JSON, a missing or wrong
// Content-Type, `..` paths, a foreign Origin, a CORS preflight) are sent raw, and their answers go through
// the client's error mapping.
import { request as httpRequest } from 'node:http';
import { PlinthError } from '@plinth/core';
import { type MlflowRequest, mlflowClient } from '@plinth/core/adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Exchange,
  loadTranscript,
  type ReplayServer,
  recordedBytes,
  startReplayServer,
  TRANSCRIPTS,
} from '../../test/mlflow/replay-server.ts';

/** The Plinth code each recorded error must map to, written out by hand from the fixtures' README. */
function expectedCode(exchange: Exchange): string | undefined {
  if (exchange.status >= 200 && exchange.status < 300) return undefined;
  const body = exchange.responseBody as { error_code?: string } | null;
  const byMlflowCode: Record<string, string> = {
    RESOURCE_DOES_NOT_EXIST: 'PLINTH_NOT_FOUND',
    RESOURCE_ALREADY_EXISTS: 'PLINTH_CONFLICT',
    INVALID_PARAMETER_VALUE: 'PLINTH_VALIDATION',
    // the only BAD_REQUEST recorded is a rename onto a taken experiment name (a UNIQUE constraint)
    BAD_REQUEST: 'PLINTH_CONFLICT',
    INTERNAL_ERROR: 'PLINTH_STORAGE',
    NOT_IMPLEMENTED: 'PLINTH_UNSUPPORTED',
  };
  if (exchange.responseBodyEncoding === 'json' && body?.error_code) {
    const code = byMlflowCode[body.error_code];
    if (!code) throw new Error(`no expectation for ${body.error_code}`);
    return code;
  }
  // HTML and text bodies: unknown endpoint 404, wrong method 405, CORS 403, directory 500, `//` 308
  return { 404: 'PLINTH_NOT_FOUND', 405: 'PLINTH_UNSUPPORTED' }[exchange.status] ?? 'PLINTH_STORAGE';
}

/** True for a request the client never builds: it is sent raw instead. */
function sentRaw(exchange: Exchange): boolean {
  const type = exchange.requestHeaders['content-type'];
  return (
    exchange.requestBodyRaw !== undefined ||
    exchange.method === 'OPTIONS' ||
    'origin' in exchange.requestHeaders ||
    /\.\.|%2E|\/\//i.test(exchange.path) ||
    (exchange.method === 'POST' && type !== 'application/json' && !type?.startsWith('application/json;'))
  );
}

/** The full body of an elided log-batch chunk, rebuilt from its rule (step range; value; timestamp). */
function rebuilt(exchange: Exchange): unknown {
  const elided = exchange.requestBodyElided;
  if (!elided) return exchange.requestBody;
  const range = /step = (\d+)\.\.(\d+)/.exec(elided.rule)!;
  const metrics = [];
  for (let step = Number(range[1]); step <= Number(range[2]); step++) {
    metrics.push({ key: 'loss', value: (2500 - step) / 1000, timestamp: 1795321789235 + step, step });
  }
  return { ...(exchange.requestBody as object), metrics };
}

function rawSend(url: string, exchange: Exchange): Promise<Response> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(exchange.query))
    for (const item of [value].flat()) query.append(key, item);
  const search = query.toString();
  const body =
    exchange.requestBodyRaw ??
    (exchange.method === 'PUT'
      ? Buffer.from((exchange.requestBody as { base64: string }).base64, 'base64')
      : exchange.requestBody === null
        ? undefined
        : JSON.stringify(exchange.requestBody));
  return new Promise((done, fail) => {
    const { hostname, port } = new URL(url);
    // host/port/path options, not a URL string: the path goes out verbatim, `..` segments included
    const sent = httpRequest(
      {
        hostname,
        port,
        path: `${exchange.path}${search ? `?${search}` : ''}`,
        method: exchange.method,
        headers: exchange.requestHeaders,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const headers = new Headers();
          for (const [key, value] of Object.entries(response.headers))
            if (typeof value === 'string') headers.set(key, value);
          done(new Response(Buffer.concat(chunks), { status: response.statusCode!, headers }));
        });
      },
    );
    sent.on('error', fail);
    sent.end(body);
  });
}

for (const file of TRANSCRIPTS) {
  describe(`MLflow transcript ${file}`, () => {
    const exchanges = loadTranscript(file);
    let server: ReplayServer;
    beforeAll(async () => {
      server = await startReplayServer(exchanges);
    });
    afterAll(async () => {
      await server.close();
    });

    it('every exchange is answered as recorded, through the client or raw', async () => {
      const client = mlflowClient({ url: server.url, retry: { maxAttempts: 1 } });
      for (const exchange of exchanges) {
        const code = expectedCode(exchange);
        if (sentRaw(exchange)) {
          const response = await rawSend(server.url, exchange);
          expect(response.status, exchange.step).toBe(exchange.status);
          if (code) expect((await client.toError(response, exchange.step)).code, exchange.step).toBe(code);
          continue;
        }
        const request: MlflowRequest = {
          method: exchange.method as MlflowRequest['method'],
          path: exchange.path,
          query: exchange.query,
          what: exchange.step,
          ...(exchange.method === 'PUT'
            ? { body: recordedBytes((exchange.requestBody as { base64: string }).base64) }
            : exchange.requestBody === null
              ? {}
              : { body: rebuilt(exchange) }),
        };
        if (code) {
          const error = await client.send(request).then(
            () => undefined,
            (caught: unknown) => caught,
          );
          expect(PlinthError.is(error), `${exchange.step}: ${String(error)}`).toBe(true);
          expect((error as PlinthError).code, exchange.step).toBe(code);
          expect((error as PlinthError).details).toMatchObject({ status: exchange.status });
          continue;
        }
        if (exchange.responseBodyEncoding === 'json') {
          expect(await client.json(request), exchange.step).toEqual(exchange.responseBody);
        } else {
          const bytes = new Uint8Array(await (await client.send(request)).arrayBuffer());
          const expected =
            exchange.responseBodyEncoding === 'base64'
              ? recordedBytes(exchange.responseBody as string)
              : new TextEncoder().encode((exchange.responseBody as string | null) ?? '');
          expect(Buffer.from(bytes).equals(Buffer.from(expected)), exchange.step).toBe(true);
        }
      }
      expect(server.misses).toEqual([]);
      expect(server.unserved()).toEqual([]);
    });
  });
}
