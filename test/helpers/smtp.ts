/**
 * An SMTP server on 127.0.0.1 for the tests that send e-mail (smtp-server + mailparser): it takes every message
 * without authentication or TLS and keeps it, parsed, with its envelope's recipients.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  /** The envelope's recipients. */
  readonly to: string[];
  readonly mail: ParsedMail;
}

export interface TestSmtp {
  /** smtp://127.0.0.1:PORT */
  readonly url: string;
  /** Every message received, in order. */
  readonly received: ReceivedMail[];
  /** How many connections clients opened (a pooled sender uses few for many messages). */
  readonly connections: { count: number };
  close(): Promise<void>;
}

/** `idleMs`: how long the server keeps a silent connection open (smtp-server's socketTimeout; default 60 s). */
export async function startSmtp(options: { readonly idleMs?: number } = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const connections = { count: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    ...(options.idleMs ? { socketTimeout: options.idleMs } : {}),
    onConnect(_session, callback) {
      connections.count++;
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail }))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return { url, received, connections, close: () => new Promise<void>((resolve) => server.close(resolve)) };
}
