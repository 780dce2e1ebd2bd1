/**
 * A local อปท.-style website for the OIT pre-audit's tests (test/preaudit-check.test.ts, test/cli-oit.test.ts):
 * pages that name the demo organisation and the fiscal year its 2570 item covers (or not), a monthly procurement page missing a month,
 * a scanned image, a 404, a redirect loop, redirects to another local port and to the cloud metadata address, a
 * slow server and a huge file. A second server on another port stands for "127.0.0.1:other".
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ORG_TH = 'องค์การบริหารส่วนตำบลห้วยทอง';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="th"><head><meta charset="utf-8"><title>${title}</title></head><body><nav><a href="/">หน้าแรก</a></nav>` +
  `<script>var x = "องค์การบริหารส่วนตำบลห้วยทอง ปีงบประมาณ 2570";</script><main>${body}</main></body></html>`;

/** Item O12: the previous year's procurement report (FY 2569 for 2570), naming the organisation and the year. */
export const GOOD = page('รายงานสรุปผลการจัดซื้อจัดจ้าง', `<h1>${ORG_TH}</h1><p>รายงานสรุปผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๙</p>`);
/** The same page after a CMS update lost its heading and year. */
export const BROKEN = page('รายงาน', '<h1>ข่าวประชาสัมพันธ์</h1><p>ยังไม่มีข้อมูล</p>');
/** Item O11: monthly procurement summaries, October 2569 to January 2570 (February missing). */
export const MONTHLY = page(
  'สรุปผลการจัดซื้อจัดจ้างรายเดือน',
  `<h1>อบต.ห้วยทอง</h1><p>สรุปผลการจัดซื้อจัดจ้างรายเดือน ประจำปีงบประมาณ พ.ศ. 2570</p><ul>` +
    ['ต.ค. 2569', 'พ.ย. 2569', 'ธ.ค. 2569', 'ม.ค. 2570'].map((m) => `<li>สรุปผลการจัดซื้อจัดจ้าง เดือน ${m}</li>`).join('') +
    '</ul>',
);
/** A minimal PNG (a scanned page). */
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]);

export interface OitSite {
  readonly base: string;
  readonly host: string;
  /** The other local server's origin (not allowed). */
  readonly other: string;
  /** What /o12 answers now. */
  o12: string;
  close(): Promise<void>;
}

const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

const html = (res: ServerResponse, body: string) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
};

export async function startOitSite(): Promise<OitSite> {
  const other = createServer((_req, res) => html(res, GOOD));
  const otherPort = await listen(other);
  const site: OitSite = {
    base: '',
    host: '',
    other: `http://127.0.0.1:${otherPort}`,
    o12: GOOD,
    close: async () => {
      for (const s of [server, other]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/o12') return html(res, site.o12);
    if (path === '/o11') return html(res, MONTHLY);
    if (path === '/none') return html(res, BROKEN);
    if (path === '/scan.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(PNG);
    }
    if (path === '/loop') return res.writeHead(302, { location: '/loop2' }).end();
    if (path === '/loop2') return res.writeHead(302, { location: '/loop' }).end();
    if (path === '/to-other') return res.writeHead(302, { location: `${site.other}/` }).end();
    if (path === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    // Headers, then nothing: the fetcher's whole-request timeout ends it.
    if (path === '/slow') return res.writeHead(200, { 'content-type': 'text/html' }).write('<html>');
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let i = 0; i < 64; i++) res.write(chunk);
      return res.end();
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>ไม่พบหน้า</h1>');
  });
  const port = await listen(server);
  return Object.assign(site, { base: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}` });
}
