/**
 * Issue 13: a year whose criteria are provisional (FY 2570: the NACC has not published them; 2569's are used) is
 * never assessed silently — every staff page of the year, the year's API, the "ร่าง" banner of every draft
 * document and the note beside the approve button say so — while the approved document holds only the agency's
 * content. Also the linter's stale-text rule (analysis-stale) in `prongsai lint`, `prongsai report` and the
 * problems that come with a rendered document.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { createYear } from '../src/years/carry.ts';
import { listYears } from '../src/app/context.ts';
import { renderYearDocument, yearLintContext } from '../src/documents/service.ts';
import { createMeasure } from '../src/measures/measures.ts';
import { loadYear } from '../src/years/years.ts';
import { addDocumentCommands } from '../src/cli/report.ts';
import { closeSharedBrowser, findChromium } from '../src/documents/core/browser.ts';
import { DRAFT_WORD, renderDocument } from '../src/documents/core/index.ts';
import { InputError } from '../src/errors.ts';
import { getCriteria, provisionalFor } from '../src/ita/index.ts';
import { docxPart, wordText } from './fixtures/documents/helpers.ts';
import { Client, demoEmail, sessionClient, startServer, type TestServer } from './web-support.ts';

const ORG = 'huai-thong';
const MARK = provisionalFor(2570, getCriteria(2570))!;
const Y2570 = `/staff/o/${ORG}/2570`;
const Y2566 = `/staff/o/${ORG}/2566`;
const system = cliPrincipal(cliActor('provisional.test'));
const CHROMIUM = findChromium();

let s: TestServer;
let coordinator: Client;
let executive: Client;
let measureIds: Record<number, string> = {};

/** The demo's FY 2570 (created here when the demo does not have it), with at least one measure. */
async function ensure2570(): Promise<void> {
  const years = (await listYears(s.t.db, system, ORG)).map((y) => y.year);
  if (!years.includes(2570)) await createYear(s.t.db, system, ORG, { year: 2570 });
  const year = await loadYear(s.t.db, ORG, 2570);
  if (year.measures.length === 0) {
    await createMeasure(s.t.db, system, { org: ORG, year: 2570 }, { titleTh: 'เผยแพร่ข้อมูลการจัดซื้อจัดจ้างรายเดือน', indicators: [9] });
  }
}

/** The text of a PDF (poppler's pdftotext). */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'prongsai-provisional-'));
  await writeFile(join(dir, 'doc.pdf'), bytes);
  return execFileSync('pdftotext', [join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
}

/** The measure ids of a year, for the pages that need one. */
async function firstMeasure(year: number): Promise<string> {
  return (await loadYear(s.t.db, ORG, year)).measures[0]!.id;
}

/** Every GET page of the staff year area, its parameters filled (documents: the plan), as HTML pages only. */
function yearPages(year: number): string[] {
  return s.app.routeRules
    .filter((r) => r.method === 'GET' && r.url.startsWith('/staff/o/:slug/:year'))
    .filter((r) => !/\/(preview|file|export)$|\/evidence\//.test(r.url))
    .map((r) =>
      r.url
        .replace(':slug', ORG)
        .replace(':year', String(year))
        .replace(':kind', 'measures-plan')
        .replace('/measures/:id', `/measures/${measureIds[year]}`)
        .replace(':code', 'O1'),
    )
    .filter((url) => !url.includes('/:'));
}

beforeAll(async () => {
  s = await startServer('pglite');
  await ensure2570();
  measureIds = { 2566: await firstMeasure(2566), 2570: await firstMeasure(2570) };
  coordinator = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
  executive = await sessionClient(s.app, s.t, demoEmail('executive'), s.clock.now);
}, 120_000);

afterAll(async () => {
  await closeSharedBrowser();
  await s?.close();
});

describe('the provisional mark on the staff pages', () => {
  it('every GET page of a FY 2570 year shows the mark as a note; no page of a FY 2566 year does', async () => {
    const pages2570 = yearPages(2570);
    expect(pages2570.length).toBeGreaterThanOrEqual(12);
    const seen: string[] = [];
    for (const url of pages2570) {
      const res = await coordinator.get(url);
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
      seen.push(url);
      expect(res.body, url).toMatch(/<div class="notice warn provisional" role="note">/);
      expect(res.body, url).toContain(MARK.th);
    }
    expect(seen.length).toBeGreaterThanOrEqual(12);
    for (const url of yearPages(2566)) {
      const res = await coordinator.get(url);
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
      expect(res.body, url).not.toContain('class="notice warn provisional"');
      expect(res.body, url).not.toContain(MARK.th);
    }
  }, 300_000);

  it('says it in English in English mode', async () => {
    const en = await sessionClient(s.app, s.t, demoEmail('auditor'), s.clock.now);
    await en.post('/lang', { lang: 'en', back: `${Y2570}/scores` });
    const res = await en.get(`${Y2570}/scores`);
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain(MARK.en);
    expect(res.body).not.toContain(MARK.th);
  });
});

describe('the provisional mark in the API', () => {
  it('the year and the criteria carry provisional: {th, en, basedOn} or null, the other fields kept', async () => {
    const y2570 = (await coordinator.json('GET', `/api/v1/orgs/${ORG}/years/2570`)).json();
    expect(y2570.provisional).toEqual({ th: MARK.th, en: MARK.en, basedOn: 2569 });
    expect(y2570.context.year).toBe(2570);
    expect(y2570.indicators).toHaveLength(10);
    const y2566 = (await coordinator.json('GET', `/api/v1/orgs/${ORG}/years/2566`)).json();
    expect(y2566.provisional).toBeNull();
    expect(y2566.overall).toBeDefined();
    const c2570 = (await coordinator.json('GET', '/api/v1/criteria/2570')).json();
    expect(c2570.provisional).toEqual({ th: MARK.th, en: MARK.en, basedOn: 2569 });
    expect(c2570.oitItems.length).toBeGreaterThan(0);
    expect((await coordinator.json('GET', '/api/v1/criteria/2566')).json().provisional).toBeNull();
  });
});

describe('the "ร่าง" banner of a draft, and none in the approved document', () => {
  const previewOf = async (year: string) => (await coordinator.get(`${year}/documents/measures-plan/preview`)).body;
  const docxTextOf = async (year: string) => wordText(await docxPart((await coordinator.get(`${year}/documents/measures-plan/file?format=docx`)).rawPayload, 'word/document.xml'));

  it('a FY 2570 plan not approved: the preview and the DOCX carry the banner with the mark; a FY 2566 plan none', async () => {
    const html = await previewOf(Y2570);
    expect(html).toMatch(/<aside class="draft" role="note" aria-label="ร่าง"><p><strong>ร่าง<\/strong> · /);
    expect(html).toContain(MARK.en);
    // The mark in the document's digits (Thai by default).
    expect(html).toContain('๒๕๗๐');
    const docx = await docxTextOf(Y2570);
    expect(docx).toContain(`${DRAFT_WORD.th} · `);
    expect(docx).toContain(MARK.en);
    if (CHROMIUM) {
      const pdf = await renderYearDocument(s.t.db, system, { org: ORG, year: 2570 }, { kind: 'measures-plan', format: 'pdf' });
      expect(await pdfText(pdf.bytes)).toContain(`${DRAFT_WORD.en} · ${MARK.en.slice(0, 30)}`);
    }
    const plain = await previewOf(Y2566);
    expect(plain).not.toContain('class="draft"');
    expect(plain).not.toContain(`${DRAFT_WORD.th} · `);
  });

  it('the approve button of a FY 2570 plan has the provisional note beside it; a FY 2566 one does not', async () => {
    for (const year of [Y2570, Y2566]) {
      await coordinator.get(`${year}/approvals`);
      expect((await coordinator.post(`${year}/approvals`, { subject: 'measures-plan' })).statusCode).toBe(303);
    }
    const page = (await executive.get(`${Y2570}/approvals`)).body;
    const form = /<form method="post" action="[^"]*\/approvals\/[0-9a-f-]{36}\/decide"[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
    const note = form.indexOf('class="notice warn provisional"');
    expect(note).toBeGreaterThan(0);
    expect(form.indexOf('value="approved"')).toBeGreaterThan(note);
    expect(form).toContain(MARK.th);
    expect(form).toContain('ฉบับที่อนุมัติและเผยแพร่จะไม่มีหมายเหตุนี้');
    const old = (await executive.get(`${Y2566}/approvals`)).body;
    const oldForm = /<form method="post" action="[^"]*\/approvals\/[0-9a-f-]{36}\/decide"[\s\S]*?<\/form>/.exec(old)?.[0] ?? '';
    expect(oldForm).toContain('value="approved"');
    expect(oldForm).not.toContain('provisional');
  });

  it('once the executive approves the FY 2570 plan, its HTML, DOCX and PDF hold neither the banner nor the mark', async () => {
    const page = (await executive.get(`${Y2570}/approvals`)).body;
    const section = /<section class="card" aria-labelledby="approval-measures-plan">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    const action = /action="([^"]*\/decide)"/.exec(section)?.[1] as string;
    const sha = /name="documentSha256" value="([0-9a-f]{64})"/.exec(section)?.[1] as string;
    const res = await executive.post(action, { decision: 'approved', documentSha256: sha, comment: 'เห็นชอบ', reason: 'ตรวจแล้ว' });
    expect(res.statusCode).toBe(303);
    const html = await previewOf(Y2570);
    expect(html).toContain('มาตรการส่งเสริมคุณธรรมและความโปร่งใส');
    expect(html).not.toContain(DRAFT_WORD.th);
    expect(html).not.toContain(MARK.th.slice(0, 40));
    expect(html).not.toContain(MARK.en);
    expect(html).not.toContain('class="draft"');
    const docx = await docxTextOf(Y2570);
    expect(docx).not.toContain(DRAFT_WORD.th);
    expect(docx).not.toContain(MARK.en);
    if (CHROMIUM) {
      const pdf = await renderYearDocument(s.t.db, system, { org: ORG, year: 2570 }, { kind: 'measures-plan', format: 'pdf' });
      const text = await pdfText(pdf.bytes);
      expect(text).toContain('มาตรการ');
      expect(text).not.toContain(DRAFT_WORD.th);
      expect(text).not.toContain('Provisional');
    }
  }, 120_000);

  it('the renderer adds the banner only when asked (what the portal publishes is rendered without it)', async () => {
    const year = await loadYear(s.t.db, ORG, 2570);
    const official = (await renderDocument(year, { kind: 'analysis', format: 'html' })).bytes.toString('utf8');
    expect(official).not.toContain('class="draft"');
    expect(official).not.toContain(MARK.en);
    const draft = (await renderDocument(year, { kind: 'analysis', format: 'html', draft: MARK })).bytes.toString('utf8');
    expect(draft).toContain('class="draft"');
    // The document's own content is the same with and without the banner.
    expect(draft.replace(/<aside class="draft"[\s\S]*?<\/aside>/, '').replace(/\naside\.draft[^<]*/, '')).toBe(official);
  });
});

describe('the linter’s analysis-stale rule outside the web pages', () => {
  interface Result {
    code: number;
    out: string;
    err: string;
  }
  const cli = async (...args: string[]): Promise<Result> => {
    const result: Result = { code: 0, out: '', err: '' };
    const io = { out: (t: string) => (result.out += `${t}\n`), err: (t: string) => (result.err += `${t}\n`) };
    const program = new Command('prongsai').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    addDocumentCommands(program, io, { loadYear: (org, year) => loadYear(s.t.db, org, year), lintContext: (org, year) => yearLintContext(s.t.db, org, year) });
    try {
      await program.parseAsync(['node', 'prongsai', ...args]);
    } catch (error) {
      if (error instanceof InputError) result.code = 1;
      else if (error instanceof CommanderError) result.code = 2;
      else throw error;
    }
    return result;
  };
  const STALE_EN = 'the scores changed after this text was written';

  beforeAll(async () => {
    // The demo's written introduction, marked stale as src/years/years.ts marks it when the scores change under it.
    const rows = await s.t.db.query<{ section: string }>(
      `UPDATE analysis_texts SET stale = true, new_th = 'ข้อความใหม่' WHERE section = 'intro'
          AND fiscal_year_id = (SELECT f.id FROM fiscal_years f JOIN organisations o ON o.id = f.org_id WHERE o.slug = $1 AND f.year = 2566) RETURNING section`,
      [ORG],
    );
    expect(rows).toHaveLength(1);
  });

  it('prongsai lint reports it from the database (text and --json), not from --input', async () => {
    const json = await cli('lint', '--org', ORG, '--year', '2566', '--json');
    expect(json.code).toBe(1);
    const problems = JSON.parse(json.out).problems as { code: string; where: string; severity: string }[];
    expect(problems).toContainEqual(expect.objectContaining({ code: 'analysis-stale', where: 'analysis.intro', severity: 'error' }));
    const text = await cli('lint', '--org', ORG, '--year', '2566');
    expect(text.out).toContain(`error (analysis.intro): ${STALE_EN}`);
    const dir = await mkdtemp(join(tmpdir(), 'prongsai-provisional-'));
    const input = join(dir, 'year.json');
    await writeFile(input, JSON.stringify(await loadYear(s.t.db, ORG, 2566)));
    expect((await cli('lint', '--input', input, '--json')).out).not.toContain('analysis-stale');
  });

  it('prongsai report lists it with the document’s problems', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prongsai-provisional-'));
    const out = join(dir, 'report.html');
    const r = await cli('report', '--org', ORG, '--year', '2566', '--kind', 'measures-report', '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`error (analysis.intro): ${STALE_EN}`);
    expect(await readFile(out, 'utf8')).toContain('<html lang="th">');
  });

  it('a document rendered in the web app comes with it (problems and the error count header)', async () => {
    const doc = await renderYearDocument(s.t.db, system, { org: ORG, year: 2566 }, { kind: 'analysis', format: 'html' });
    expect(doc.problems).toContainEqual(expect.objectContaining({ code: 'analysis-stale', where: 'analysis.intro' }));
    const res = await coordinator.get(`${Y2566}/documents/analysis/file?format=docx`);
    const errors = Number(res.headers['x-prongsai-lint-errors']);
    expect(errors).toBe(doc.problems.filter((p) => p.severity === 'error').length);
  });
});
