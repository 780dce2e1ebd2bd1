import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';

const TRAT = '1=93.55,2=87.72,3=91.01,4=87.93,5=89.52,6=90.55,7=88.68,8=88.58,9=72.89,10=65.56';

const run = runCli;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prongsai-cli-'));
});

describe('prongsai score', () => {
  it('prints one JSON object with the contract fields', async () => {
    const r = await run('score', '--year', '2566', '--indicators', TRAT, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ year: 2566, overall: 81.45, pass: false, grade: null });
    expect(json.tools).toEqual({ IIT: 89.95, EIT: 89.27, OIT: 69.23 });
    expect(json.indicators['1']).toBe(93.55);
    expect(typeof json.gradeNote).toBe('string');
    expect(Array.isArray(json.notes)).toBe(true);
  });

  it('prints a readable Thai summary without --json, Thai digits by default', async () => {
    const r = await run('score', '--year', '2564', '--indicators', TRAT);
    expect(r.code).toBe(0);
    expect(r.out).toContain('คะแนนรวม ๘๑.๔๕ คะแนน: ไม่ผ่านเกณฑ์');
    expect(r.out).toContain('ระดับ: B');
    const arabic = await run('score', '--year', '2564', '--indicators', TRAT, '--digits', 'arabic');
    expect(arabic.out).toContain('คะแนนรวม 81.45');
  });

  it('takes EIT parts', async () => {
    const all96 = Array.from({ length: 10 }, (_, i) => `${i + 1}=96`).join(',');
    const r = await run('score', '--year', '2566', '--indicators', all96, '--eit-parts', '96,96', '--json');
    expect(JSON.parse(r.out).grade).toBe('ผ่านดีเยี่ยม');
  });

  it('scores FY 2563 (legacy bands) and FY 2569 (labels) with the same contract', async () => {
    const y2563 = await run('score', '--year', '2563', '--indicators', TRAT, '--json');
    expect(y2563.code).toBe(0);
    expect(JSON.parse(y2563.out)).toMatchObject({ year: 2563, overall: 81.45, pass: false, grade: 'B' });
    const all96 = Array.from({ length: 10 }, (_, i) => `${i + 1}=96`).join(',');
    const y2569 = await run('score', '--year', '2569', '--indicators', all96, '--eit-parts', '96,96', '--json');
    expect(y2569.code).toBe(0);
    expect(JSON.parse(y2569.out)).toMatchObject({ year: 2569, overall: 96, pass: true, grade: 'ผ่านดีเยี่ยม' });
    expect((await run('score', '--year', '2569', '--indicators', TRAT, '--digits', 'arabic')).out).toContain('คะแนนรวม 81.45');
  });

  it('bad input: exit 1 with a Thai and an English message naming the field', async () => {
    const r = await run('score', '--year', '2566', '--indicators', TRAT.replace('3=91.01', '3=105'), '--json');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('ตัวชี้วัดที่ 3');
    expect(r.err).toContain('Error: indicators.3');
    expect((await run('score', '--year', '2550', '--indicators', TRAT)).code).toBe(1);
    expect((await run('score', '--year', '2566', '--indicators', '1=90,2=abc')).code).toBe(1);
    expect((await run('score', '--year', '2566', '--indicators', TRAT.replace(',10=65.56', ''))).err).toContain('ตัวชี้วัดที่ 10');
    expect((await run('score', '--indicators', TRAT)).err).toContain('--year');
  });

  it('usage errors exit 2', async () => {
    expect((await run('score', '--bogus')).code).toBe(2);
    expect((await run('nosuchcommand')).code).toBe(2);
    expect((await run('score', '--digits', 'roman', '--year', '2566', '--indicators', TRAT)).code).toBe(2);
  });

  it('scores a CSV with one agency per row; a bad row is reported with its row number and does not stop the good rows', async () => {
    const file = join(dir, 'scores.csv');
    await writeFile(
      file,
      '\uFEFFagency,year,1,2,3,4,5,6,7,8,9,10\r\n' +
        'อบต.ก,2566,93.55,87.72,91.01,87.93,89.52,90.55,88.68,88.58,72.89,65.56\r\n' +
        '"อบต.ข, ตำบลหนึ่ง",2566,93.55,87.72,105,87.93,89.52,90.55,88.68,88.58,72.89,65.56\r\n' +
        'อบต.ค,2564,93.55,87.72,91.01,87.93,89.52,90.55,88.68,88.58,72.89,65.56\r\n',
    );
    const r = await run('score', '--indicators', file, '--json');
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.row, l.agency, l.year, l.overall])).toEqual([
      [2, 'อบต.ก', 2566, 81.45],
      [4, 'อบต.ค', 2564, 81.45],
    ]);
    expect(lines[1].grade).toBe('B');
    expect(r.err).toContain('แถวที่ 3');
    expect(r.err).toContain('row 3');
  });

  it('scores an XLSX with one agency per row', async () => {
    const file = join(dir, 'scores.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('คะแนน');
    ws.addRow(['agency', 'year', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    ws.addRow(['เทศบาลตำบล ก', 2564, 93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56]);
    ws.addRow(['เทศบาลตำบล ข', 2566, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
    await wb.xlsx.writeFile(file);
    const r = await run('score', '--indicators', file, '--json');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ agency: 'เทศบาลตำบล ก', overall: 81.45, grade: 'B' });
    expect(lines[1]).toMatchObject({ agency: 'เทศบาลตำบล ข', overall: 100, grade: 'ผ่านดีเยี่ยม' });
  });

  it('refuses a broken spreadsheet with a clear message', async () => {
    const file = join(dir, 'broken.xlsx');
    await writeFile(file, 'this is not a zip file');
    const r = await run('score', '--indicators', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain('เปิดแฟ้ม Excel');
    expect((await run('score', '--indicators', join(dir, 'missing.csv'))).err).toContain('ไม่พบแฟ้ม');
  });
});

describe('prongsai analyze', () => {
  it('prints the findings in Thai', async () => {
    const r = await run('analyze', '--year', '2566', '--indicators', TRAT);
    expect(r.code).toBe(0);
    expect(r.out).toContain('๑. แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน');
    expect(r.out).toContain('ตัวชี้วัดที่ ๒ การใช้งบประมาณ คือ ๘๗.๗๒ คะแนน มีค่าต่ำสุดของ IIT แต่ผ่านเกณฑ์เป้าหมาย');
  });

  it('compares with --previous and prints JSON for machines', async () => {
    const previous = TRAT.replace('9=72.89', '9=60');
    const r = await run('analyze', '--year', '2566', '--indicators', TRAT, '--previous', previous, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.findings.previousYear).toBe(2565);
    expect(json.findings.changes.find((c: { indicator: number }) => c.indicator === 9).delta).toBe(12.89);
    expect(json.score.overall).toBe(81.45);
    expect(json.sentences.tools).toHaveLength(3);
  });

  it('speaks English on request', async () => {
    const r = await run('analyze', '--year', '2566', '--indicators', TRAT, '--lang', 'en');
    expect(r.out).toContain('the lowest of IIT');
  });
});

describe('prongsai criteria', () => {
  it('lists a year in Thai and as JSON', async () => {
    const text = await run('criteria', '--year', '2567');
    expect(text.code).toBe(0);
    expect(text.out).toContain('การใช้งบประมาณ');
    expect(text.out).toContain('ผ่านดีเยี่ยม');
    const json = JSON.parse((await run('criteria', '--year', '2568', '--json')).out);
    expect(json.year).toBe(2568);
    expect(json.oitItems).toHaveLength(28);
    expect(json.tools.map((t: { code: string }) => t.code)).toEqual(['IIT', 'EIT', 'OIT']);
  });

  it('lists the known years without --year, and refuses an unknown one', async () => {
    expect(JSON.parse((await run('criteria', '--json')).out).years).toEqual([2563, 2564, 2565, 2566, 2567, 2568, 2569, 2570]);
    expect((await run('criteria', '--year', '2599')).code).toBe(1);
  });

  it('marks 2570 provisional, as JSON (a field added to the same shape) and in the text', async () => {
    const json = JSON.parse((await run('criteria', '--year', '2570', '--json')).out);
    expect(json).toMatchObject({ year: 2570, revision: 1, provisional: { basedOn: 2569 } });
    expect(json.provisional.en).toContain('until the NACC announces FY 2570');
    expect(json.oitItems).toHaveLength(26);
    expect(json.oitItems[24]).toMatchObject({ code: 'O25', titleTh: 'การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร', role: 'measures' });
    expect(json.notes.map((n: { id: string }) => n.id)).toContain('criteria-2570-not-announced');
    const text = await run('criteria', '--year', '2570', '--digits', 'arabic');
    expect(text.out).toContain('ฉบับชั่วคราว / PROVISIONAL: เกณฑ์ชั่วคราวจนกว่าสำนักงาน ป.ป.ช. จะประกาศเกณฑ์ปี 2570');
    expect((await run('criteria', '--year', '2568')).out).not.toContain('PROVISIONAL');
    expect(JSON.parse((await run('criteria', '--year', '2568', '--json')).out).provisional).toBeUndefined();
  });
});

describe('prongsai demo', () => {
  it('says what the demo holds: FY 2566 from the seed, FY 2569 demo scores, FY 2570 in progress', async () => {
    const help = (await run('demo', '--help')).out.replace(/\s+/g, ' ');
    expect(help).toContain('ปีงบประมาณ 2566 ตามข้อมูลตั้งต้น ปี 2569 คะแนนตัวอย่าง (สมมติ) และปี 2570 ที่กำลังดำเนินการ');
    expect(help).toContain('FY 2566 from the seed, FY 2569 with made-up demo scores, FY 2570 in progress');
  });
});

describe('the installed command', () => {
  it('runs through npx with no build step, and exits with the documented codes', async () => {
    const exec = promisify(execFile);
    const { stdout } = await exec('npx', ['--no-install', 'prongsai', 'score', '--year', '2566', '--indicators', TRAT, '--json']);
    expect(JSON.parse(stdout).overall).toBe(81.45);
    const bad = await exec('npx', ['--no-install', 'prongsai', 'score', '--year', '2566', '--indicators', '1=900']).catch((e: { code: number }) => e);
    expect((bad as { code: number }).code).toBe(1);
    const usage = await exec('npx', ['--no-install', 'prongsai', 'score', '--nope']).catch((e: { code: number }) => e);
    expect((usage as { code: number }).code).toBe(2);
  });
});
