/**
 * HTTP over a bare socket (node:net), for tests of what the server does with clients that send only part of a
 * request, slowly, or stop: the test decides every byte and when it is sent, and sees when the server closes.
 */
import { connect, type Socket } from 'node:net';

export interface Answer {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

export interface RawRequest {
  readonly socket: Socket;
  /** The answer, once its head and as many bytes as its Content-Length have come. */
  readonly answer: Promise<Answer>;
  /** Everything received, once the connection is closed (by the server or by the test). */
  readonly closed: Promise<string>;
}

/** Sends the head of a request (and `body`, which may be shorter than the stated length). */
export function send(port: number, head: string, body: Buffer = Buffer.alloc(0)): RawRequest {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  const answer = new Promise<Answer>((resolve, reject) => {
    socket.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headText = text.slice(0, end);
      const length = Number(/content-length:\s*(\d+)/i.exec(headText)?.[1] ?? NaN);
      if (Buffer.byteLength(text.slice(end + 4)) >= length) resolve({ status: Number(headText.split(' ')[1]), head: headText, body: text.slice(end + 4) });
    });
    socket.on('error', reject);
  });
  answer.catch(() => undefined);
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(text)));
  socket.write(head);
  socket.write(body);
  return { socket, answer, closed };
}

/** The head of a POST with these headers (Thai pages). */
export const post = (path: string, headers: Record<string, string>): string =>
  `POST ${path} HTTP/1.1\r\nHost: localhost\r\nAccept-Language: th\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

/** The port a listening fastify server got. */
export function portOf(server: { address(): unknown }): number {
  const address = server.address();
  return typeof address === 'object' && address !== null && 'port' in address ? Number(address.port) : 0;
}
