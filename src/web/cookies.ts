/**
 * The cookies of the web application. All HttpOnly and SameSite=Lax; Secure when the server is behind HTTPS
 * (the default `secure` of every reply.setCookie, set where src/web/server.ts registers @fastify/cookie: nothing
 * rewrites Set-Cookie afterwards, so each cookie is sent once). The session cookie has no Max-Age: it ends with the browser,
 * and the server ends the session itself after the idle and absolute limits (src/accounts/accounts.ts).
 */
import type { FastifyReply } from 'fastify';

export const SESSION_COOKIE = 'prongsai_session';
export const CSRF_COOKIE = 'prongsai_csrf';
export const LANG_COOKIE = 'prongsai_lang';

export function setSessionCookie(reply: FastifyReply, sessionId: string): void {
  reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'lax' });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
}

export function setLangCookie(reply: FastifyReply, lang: string): void {
  reply.setCookie(LANG_COOKIE, lang, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
}
