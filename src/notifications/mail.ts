/**
 * E-mail (issue 20, point 2): nodemailer over the SMTP server of PRONGSAI_SMTP_URL (smtp:// or smtps://), from
 * PRONGSAI_MAIL_FROM. Every message has a Thai (or English) text body and the same as HTML, the deep link to the
 * page concerned, and a one-click unsubscribe for its kind of notification (RFC 8058: List-Unsubscribe with an
 * https link and List-Unsubscribe-Post). The SMTP URL (it may hold a password) is never logged.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { pickConfig } from '../config.ts';
import { InputError } from '../errors.ts';
import { notificationMessages } from './messages.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface Mailer {
  readonly from: string;
  readonly transport: Transporter;
  close(): void;
}

/** The mailer of the environment; an InputError when PRONGSAI_SMTP_URL is unset. */
export function mailerFromEnv(env: Env = process.env): Mailer {
  const config = pickConfig(['PRONGSAI_SMTP_URL', 'PRONGSAI_MAIL_FROM'], env);
  if (config.PRONGSAI_SMTP_URL === undefined) throw new InputError('PRONGSAI_SMTP_URL', notificationMessages.smtpNotSet());
  return mailer(config.PRONGSAI_SMTP_URL, config.PRONGSAI_MAIL_FROM);
}

/**
 * A mailer for an SMTP URL. `pool`: keep a few connections open and send over them (nodemailer's SMTP pool, about
 * 5 ms a message against about 116 ms for a connection each; `?pool=false` in the URL turns it off); whoever
 * makes a pooled mailer must `close()` it, or the open connections keep the process from exiting.
 */
export function mailer(smtpUrl: string, from: string, options: { readonly pool?: boolean } = {}): Mailer {
  const transport = options.pool ? nodemailer.createTransport({ url: smtpUrl, pool: true }) : nodemailer.createTransport(smtpUrl);
  return { from, transport, close: () => transport.close() };
}

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  /** The lines of the message, plain text (escaped in the HTML). */
  readonly lines: readonly string[];
  /** The deep link to the page concerned (absolute). */
  readonly link: string;
  /** The link's words ("เปิดในโปร่งใส"). */
  readonly linkLabel: string;
  /** The one-click unsubscribe URL for this kind of notification (absolute, https in production). */
  readonly unsubscribeUrl: string;
  /** The footer's words about unsubscribing. */
  readonly unsubscribeLabel: string;
  readonly lang: 'th' | 'en';
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The text and HTML bodies of a message. */
export function mailBodies(message: MailMessage): { text: string; html: string } {
  const text = [...message.lines, '', `${message.linkLabel}: ${message.link}`, '', '--', `${message.unsubscribeLabel}: ${message.unsubscribeUrl}`, ''].join('\n');
  const html = [
    `<!doctype html><html lang="${message.lang}"><head><meta charset="utf-8"><title>${escapeHtml(message.subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.6">',
    ...message.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(message.link)}">${escapeHtml(message.linkLabel)}</a></p>`,
    `<hr><p style="font-size: smaller"><a href="${escapeHtml(message.unsubscribeUrl)}">${escapeHtml(message.unsubscribeLabel)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}

/** Sends one message; resolves with the SMTP server's message id, rejects when the server refuses it. */
export async function sendMail(m: Mailer, message: MailMessage): Promise<string> {
  const { text, html } = mailBodies(message);
  const info = await m.transport.sendMail({
    from: m.from,
    to: message.to,
    subject: message.subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${message.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  });
  return String(info.messageId);
}
