import type { IncomingMessage, ServerResponse } from 'node:http';

/** Shared by the stand-in servers: a JSON answer, and a whole request body. */
export function sendJson(
  response: ServerResponse,
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(statusCode, { ...headers, 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
