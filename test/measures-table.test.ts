import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { huaiThong2566 } from '../src/demo/huai-thong.ts';
import { parseDateCell } from '../src/io/cells.ts';
import {
  importMeasuresCsv,
  importMeasuresWorkbook,
  MEASURE_COLUMNS,
  measuresToTables,
  PROGRESS_COLUMNS,
  readMeasuresWorkbook,
  writeMeasuresCsv,
  writeMeasuresWorkbook,
  type MeasuresContext,
  type MeasuresImport,
} from '../src/io/measures-table.ts';
import { formatProblems, type Problem } from '../src/io/problems.ts';
import { loadWorkbook } from '../src/io/tables.ts';
import { measureSchema, yearInputSchema, type Evidence, type Measure, type YearInput, type YearInputDraft } from '../src/model/year.ts';

const demo = yearInputSchema.parse(huaiThong2566);

/** Exports a year both ways and imports each file back. */
async function roundTrips(year: YearInput, context: MeasuresContext = year): Promise<[MeasuresImport, MeasuresImport]> {
  const csv = writeMeasuresCsv(year);
  return [await importMeasuresWorkbook(await writeMeasuresWorkbook(year), context), importMeasuresCsv(csv.measures, csv.progress, context)];
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function evidence(id: string, filename: string, overrides: Partial<Evidence> = {}): Evidence {
  return {
    id,
    filename,
    mediaType: 'application/pdf',
    size: 1000 + filename.length,
    sha256: sha(id),
    periodStart: null,
    periodEnd: null,
    revision: 1,
    replacesId: null,
    uploadedAt: '2023-01-05T09:30:00+07:00',
    uploadedBy: 'นางสาวมาลี ศรีสุข',
    ...overrides,
  };
}

/** The demo with what the demo lacks: progress with evidence, people, awkward text in every kind of cell. */
function richYear(): YearInput {
  const draft: YearInputDraft = structuredClone(huaiThong2566);
  draft.units = [...(draft.units ?? []), { id: 'works-2', nameTh: 'กองช่าง', shortTh: null }];
  draft.people = [{ id: 'p1', nameTh: 'นายสมชาย ใจดี', positionTh: 'ปลัด อบต.', unitId: 'palad' }];
  const [first, second] = draft.measures ?? [];
  first!.methods = ['- ประชุม "ชี้แจง", ครั้งที่ ๑', '=SUM(A1:A2)', "'ยกคำพูด'", ...(first!.methods ?? [])];
  first!.responsible = [
    { unitId: 'finance', personId: 'p1', labelTh: 'ปลัด อบต. (กำกับ)' },
    { unitId: 'works-2', labelTh: 'กองช่าง' },
    { unitId: null, labelTh: 'คณะทำงาน, ชุดที่ "2"' },
  ];
  first!.result = 'บรรทัดแรก, มีจุลภาค\nบรรทัดที่ "สอง"\n+ บรรทัดที่สาม';
  first!.expectedOutcome = '@ทุกคน';
  first!.carriedFromId = 'm1-2565';
  first!.progress = [
    {
      id: 'p-oct',
      date: '2022-11-02',
      periodStart: '2022-10-01',
      periodEnd: '2022-10-31',
      done: 'จัดประชุม, ชี้แจง "แผนการใช้จ่าย"\nครั้งที่ ๒',
      status: 'on_track',
      outcome: null,
      evidence: [
        evidence('e1', 'รายงานการประชุม ต.ค. 65.pdf', { periodStart: '2022-10-01', periodEnd: '2022-10-31' }),
        evidence('e2', 'ภาพถ่าย|ชุด 1.jpg', { mediaType: 'image/jpeg', revision: 2, replacesId: 'e0', periodEnd: '2022-10-31' }),
      ],
      createdBy: 'นางสาวมาลี ศรีสุข',
    },
    { id: 'p-nov', date: '2022-12-01', periodStart: '2022-11-01', periodEnd: '2022-11-30', done: 'ติดตามผล', status: 'delayed', outcome: 'ล่าช้า ๑ สัปดาห์', evidence: [] },
  ];
  second!.progress = [
    { id: 'p2', date: '2023-09-30', periodStart: '2023-09-01', periodEnd: '2023-09-30', done: 'สรุปผล', status: 'done', evidence: [evidence('e3', 'สรุป.docx')] },
  ];
  return yearInputSchema.parse(draft);
}

const allEvidence = (year: YearInput) => year.measures.flatMap((m) => m.progress.flatMap((p) => p.evidence));

describe('measures export then import', () => {
  it('gives the demo year’s measures back exactly, from XLSX and from CSV', async () => {
    for (const back of await roundTrips(demo)) {
      expect(back.problems).toEqual([]);
      expect(back.measures).toEqual(demo.measures);
    }
  });

  it('gives back progress with evidence, people, and cells with commas, quotes, line breaks and formula-like starts', async () => {
    const year = richYear();
    for (const back of await roundTrips(year, { ...year, knownEvidence: allEvidence(year) })) {
      expect(back.problems).toEqual([]);
      expect(back.measures).toEqual(year.measures);
    }
  });

  it('writes the sheets officials expect: Thai headers, frozen header, wrapped TH Sarabun New 16, date cells', async () => {
    const workbook = await loadWorkbook(await writeMeasuresWorkbook(richYear()));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['มาตรการ', 'ความก้าวหน้า']);
    const sheet = workbook.getWorksheet('มาตรการ')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...MEASURE_COLUMNS.map((c) => c.th)]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const title = sheet.getRow(2).getCell(3);
    expect(title.font).toMatchObject({ name: 'TH Sarabun New', size: 16 });
    expect(title.alignment).toMatchObject({ wrapText: true });
    expect(sheet.getColumn(5).width).toBeGreaterThan(sheet.getColumn(2).width!);
    expect(sheet.getRow(2).getCell(10).value).toEqual(new Date('2022-10-01T00:00:00Z'));
    expect(sheet.getRow(2).getCell(2).value).toBe(1);
    expect(workbook.getWorksheet('ความก้าวหน้า')!.getRow(1).values).toEqual([undefined, ...PROGRESS_COLUMNS.map((c) => c.th)]);
  });

  it('writes CSV that Excel opens in Thai and cannot run as a formula', () => {
    const { measures } = writeMeasuresCsv(richYear());
    expect([...measures.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = measures.toString('utf8');
    expect(text).toContain('"\'- ประชุม ""ชี้แจง"", ครั้งที่ ๑\n=SUM(A1:A2)');
    expect(text).toContain(",'@ทุกคน,");
  });

  it('lists evidence as "filename | sha256 | start | end", one file per line', () => {
    const cell = measuresToTables(richYear()).progress.rows[0]![PROGRESS_COLUMNS.findIndex((c) => c.key === 'evidence')];
    expect(cell).toBe(`รายงานการประชุม ต.ค. 65.pdf | ${sha('e1')} | 2022-10-01 | 2022-10-31\nภาพถ่าย|ชุด 1.jpg | ${sha('e2')} |  | 2022-10-31`);
  });

  it('keeps random measures through XLSX and CSV (property)', async () => {
    const units = [
      { id: 'u1', nameTh: 'กองคลัง', shortTh: null },
      { id: 'u2', nameTh: 'กองช่าง', shortTh: 'ช่าง' },
      { id: 'u3', nameTh: 'กองช่าง', shortTh: null },
      { id: 'u4', nameTh: 'u1', shortTh: null },
    ];
    const people = [{ id: 'p1', nameTh: 'นางสมศรี', positionTh: null, unitId: null }];
    const pool = ['a.pdf', 'ก ข|ค.jpg', 'สรุป, "ฉบับจริง".docx'].map((name, i) =>
      evidence(`ev${i}`, name, i === 1 ? { periodStart: '2023-01-01', periodEnd: '2023-01-31' } : {}),
    );
    const chars = ['ก', 'ข', '้', 'ำ', 'เ', '๑', 'a', 'Z', '7', ' ', ',', '"', "'", '=', '-', '+', '@', '|', '(', '.'];
    const line = fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 12 }).map((c) => c.join('').trim()).filter((s) => s !== '');
    const text = fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n'));
    const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
    const day = fc.integer({ min: 0, max: 364 }).map((n) => new Date(Date.UTC(2022, 9, 1 + n)).toISOString().slice(0, 10));
    const period = fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
    const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,11}$/);
    const progress = fc.record({
      id,
      date: day,
      period,
      done: text,
      status: fc.constantFrom('on_track', 'delayed', 'done', 'blocked' as const),
      outcome: optional(text),
      evidence: fc.subarray(pool),
      createdBy: optional(line),
    });
    const measure = fc.record({
      id,
      titleTh: text,
      indicators: fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 3 }),
      methods: fc.array(line, { maxLength: 3 }),
      actions: fc.array(line, { maxLength: 3 }),
      responsible: fc.array(
        fc.record({ labelTh: line, unitId: optional(fc.constantFrom(...units.map((u) => u.id))), personId: optional(fc.constant('p1')) }),
        { maxLength: 3 },
      ),
      period: fc.record({ start: optional(day), end: optional(day), textTh: optional(line) }),
      followUp: optional(text),
      expectedOutcome: optional(text),
      status: fc.constantFrom('planned', 'in_progress', 'done', 'cancelled' as const),
      result: optional(text),
      carriedFromId: optional(id),
      progress: fc.array(progress, { maxLength: 2 }),
    });
    // At least one: a table of no measures is refused (it would empty the year; test/csv.test.ts).
    const measures = fc.uniqueArray(measure, { minLength: 1, maxLength: 4, selector: (m) => m.id }).filter((ms) => {
      const entries = ms.flatMap((m) => m.progress.map((p) => p.id));
      return new Set(entries).size === entries.length;
    });
    await fc.assert(
      fc.asyncProperty(measures, async (drafts) => {
        const list: Measure[] = drafts.map((m, i) =>
          measureSchema.parse({
            ...m,
            seq: i + 1,
            period: { ...m.period, end: m.period.start && m.period.end && m.period.end < m.period.start ? m.period.start : m.period.end },
            progress: m.progress.map(({ period: [periodStart, periodEnd], ...p }) => ({ ...p, periodStart, periodEnd })),
          }),
        );
        const year = yearInputSchema.parse({ ...huaiThong2566, units, people, measures: list });
        for (const back of await roundTrips(year, { ...year, knownEvidence: pool })) {
          expect(back.problems).toEqual([]);
          expect(back.measures).toEqual(year.measures);
        }
      }),
      { numRuns: 40 },
    );
  });
});

const context: MeasuresContext = { ...demo, newId: (() => { let n = 0; return () => `new-${++n}`; })() };
const csv = (text: string) => Buffer.from(text, 'utf8');
/** A progress table with no entry, so that only the measures sheet is under test. */
const NO_PROGRESS = `${PROGRESS_COLUMNS.map((c) => c.th).join(',')}\n`;
const importCsv = (measures: string, progress: string | null = NO_PROGRESS, ctx: MeasuresContext = context) =>
  importMeasuresCsv(csv(measures), progress === null ? null : csv(progress), ctx);
const at = (problems: readonly Problem[]) => problems.map((p) => [p.sheet, p.row, p.column, p.severity]);

describe('measures import: reading what officials write', () => {
  it('reads Thai digits, Thai dates, an English status, blank ids and labels that name a unit', () => {
    const measures = [
      'ลำดับ,มาตรการ,ตัวชี้วัด,ผู้รับผิดชอบ,ระยะเวลา เริ่ม,ระยะเวลา สิ้นสุด,สถานะ',
      '๑,การใช้งบประมาณ,"ตัวชี้วัดที่ ๒ และ ๖","กองคลัง\nผอ.กองช่าง\nกองการศึกษาฯ",1 ต.ค. 2565,๓๐ กันยายน ๒๕๖๖,in_progress',
      '2,การเปิดเผยข้อมูล,9,,วันเสาร์ที่ 1 ตุลาคม พ.ศ. 2565,1/9/2566,Done',
    ].join('\n');
    const progress = 'ลำดับมาตรการ,วันที่,ช่วงที่รายงาน เริ่ม,ช่วงที่รายงาน สิ้นสุด,สิ่งที่ดำเนินการ,สถานะ\n๒,2023-01-05,1 ธ.ค. 65,31 ธ.ค. 65,เผยแพร่ข้อมูล,เป็นไปตามแผน\n';
    const { measures: [first, second], problems } = importCsv(measures, progress);
    expect(problems).toEqual([]);
    expect(first).toMatchObject({
      id: 'new-1',
      seq: 1,
      indicators: [2, 6],
      responsible: [
        { labelTh: 'กองคลัง', unitId: 'finance', personId: null },
        { labelTh: 'ผอ.กองช่าง', unitId: null, personId: null },
        { labelTh: 'กองการศึกษาฯ', unitId: 'education', personId: null },
      ],
      period: { start: '2022-10-01', end: '2023-09-30', textTh: null },
      status: 'in_progress',
      progress: [],
    });
    expect(second).toMatchObject({ id: 'new-2', status: 'done', period: { start: '2022-10-01', end: '2023-09-01' } });
    expect(second!.progress).toEqual([
      { id: 'new-3', date: '2023-01-05', periodStart: '2022-12-01', periodEnd: '2022-12-31', done: 'เผยแพร่ข้อมูล', status: 'on_track', outcome: null, evidence: [], createdBy: null },
    ]);
  });

  it('reads an XLSX typed in Excel: date cells, number cells, English headers; no progress sheet is a warning', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['seq', 'titleTh', 'indicators', 'periodStart', 'periodEnd', 'status']);
    sheet.addRow([1, 'การป้องกันการทุจริต', 10, new Date(Date.UTC(2022, 9, 1)), new Date(Date.UTC(2023, 8, 30)), 'ยังไม่เริ่ม']);
    const back = await importMeasuresWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()), context);
    expect(back.measures).toHaveLength(1);
    expect(back.measures[0]).toMatchObject({ seq: 1, indicators: [10], period: { start: '2022-10-01', end: '2023-09-30' }, status: 'planned' });
    expect(at(back.problems)).toEqual([['ความก้าวหน้า', null, null, 'warning']]);
  });

  it('reads dates as ISO, Thai or day/month/Buddhist year, and refuses what it cannot be sure of', () => {
    expect(parseDateCell('2022-10-01')).toBe('2022-10-01');
    expect(parseDateCell('๒๕๖๕-๑๐-๐๑')).toBe('2022-10-01');
    expect(parseDateCell('1 ต.ค. 2565')).toBe('2022-10-01');
    expect(parseDateCell('๑ ตุลาคม ๒๕๖๕')).toBe('2022-10-01');
    expect(parseDateCell('1ต.ค.65')).toBe('2022-10-01');
    expect(parseDateCell('29 กุมภา 2567')).toBe('2024-02-29');
    expect(parseDateCell('30/9/2566')).toBe('2023-09-30');
    expect(parseDateCell('30/9/2023')).toBe('2023-09-30');
    expect(parseDateCell('1/10/2022')).toBeUndefined(); // 1 October or 10 January?
    expect(parseDateCell('29 ก.พ. 2566')).toBeUndefined();
    expect(parseDateCell('1 Oct 2022')).toBeUndefined();
    expect(parseDateCell('31 ตุลาคม')).toBeUndefined();
  });
});

describe('measures import: every problem, by row and column, and then no measures', () => {
  it('reports a row with five errors as five problems at its cells, with the row Excel shows', () => {
    const text = [
      'ลำดับ,มาตรการ,ตัวชี้วัด,วิธีดำเนินการ,ระยะเวลา เริ่ม,ระยะเวลา สิ้นสุด,สถานะ',
      '1,ถูกต้อง,2,"สามบรรทัด\nในช่องเดียว\nช่องนี้",,,',
      'ก,,๑๑,,2022-10-05,2022-10-01,finished',
    ].join('\n');
    const back = importCsv(text);
    expect(back.measures).toEqual([]);
    expect(at(back.problems)).toEqual([
      ['มาตรการ', 3, 'ลำดับ', 'error'],
      ['มาตรการ', 3, 'มาตรการ', 'error'],
      ['มาตรการ', 3, 'ตัวชี้วัด', 'error'],
      ['มาตรการ', 3, 'ระยะเวลา สิ้นสุด', 'error'],
      ['มาตรการ', 3, 'สถานะ', 'error'],
    ]);
    expect(back.problems.map((p) => p.th)).toEqual([
      'ลำดับต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป (ได้รับ "ก")',
      'ต้องไม่ว่าง',
      'ไม่มีตัวชี้วัด 11 ในเกณฑ์ปี 2566: ใช้เลขตัวชี้วัด 1, 2, 3, 4, 5, 6, 7, 8, 9, 10',
      'วันสิ้นสุด 1 ต.ค. 2565 อยู่ก่อนวันเริ่ม 5 ต.ค. 2565',
      'ไม่รู้จักสถานะ "finished": ใช้ได้ ยังไม่เริ่ม, กำลังดำเนินการ, ดำเนินการแล้ว, ยกเลิก',
    ]);
    expect(back.problems.every((p) => p.en !== '' && p.en !== p.th)).toBe(true);
  });

  it('refuses a file that is not an XLSX, an empty or broken CSV, and wrong headers', async () => {
    const notXlsx = await importMeasuresWorkbook(Buffer.from('ลำดับ,มาตรการ\n1,ก\n'), context);
    expect(notXlsx.measures).toEqual([]);
    expect(at(notXlsx.problems)).toEqual([[null, null, null, 'error']]);
    expect(notXlsx.problems[0]!.th).toContain('ไม่ใช่ .xlsx');
    expect(importCsv('').problems[0]!.th).toContain('ว่าง');
    expect(importCsv('ลำดับ,มาตรการ\n1,"ไม่ปิด\n').problems[0]!.th).toContain('รูปแบบ CSV ผิด');
    const wrong = importCsv('\n\nname,score,มาตรการ,มาตรการ\n1,2,ก,ข\n');
    expect(wrong.measures).toEqual([]);
    expect(at(wrong.problems)).toEqual([
      ['มาตรการ', 3, 'ลำดับ', 'error'],
      ['มาตรการ', 3, 'name', 'warning'],
      ['มาตรการ', 3, 'score', 'warning'],
      ['มาตรการ', 3, 'มาตรการ', 'error'],
    ]);
  });

  it('reports repeated ids and numbers, text over the model’s limits, dates outside the fiscal year', () => {
    const text = [
      'รหัสมาตรการ,ลำดับ,มาตรการ,วิธีดำเนินการ,ระยะเวลา เริ่ม',
      'a,1,ก,,',
      `a,1,${'ก'.repeat(1001)},"สั้น\n${'ข'.repeat(4001)}",1 ต.ค. 2566`,
    ].join('\n');
    const back = importCsv(text);
    expect(back.measures).toEqual([]);
    expect(back.problems.map((p) => [p.row, p.column, p.th])).toEqual([
      [3, 'รหัสมาตรการ', '"a" ซ้ำกับแถวที่ 2'],
      [3, 'ลำดับ', '"1" ซ้ำกับแถวที่ 2'],
      [3, 'มาตรการ', 'ยาวเกิน 1000 ตัวอักษร'],
      [3, 'วิธีดำเนินการ', 'บรรทัดที่ 2: ยาวเกิน 4000 ตัวอักษร'],
      [3, 'ระยะเวลา เริ่ม', 'วันที่ 1 ต.ค. 2566 อยู่นอกปีงบประมาณ พ.ศ. 2566'],
    ]);
  });

  it('reports responsible units that cannot be found or do not line up with the labels', () => {
    const text = [
      'ลำดับ,มาตรการ,ผู้รับผิดชอบ,หน่วยงานผู้รับผิดชอบ,บุคคลผู้รับผิดชอบ',
      '1,ก,"ผอ.กองคลัง\nนายก","กองคลัง\nกองพัสดุ",',
      '2,ข,"ผอ.กองคลัง\nนายก",กองคลัง,"-\nนายสมชาย"',
    ].join('\n');
    expect(importCsv(text).problems.map((p) => [p.row, p.column, p.th])).toEqual([
      [2, 'หน่วยงานผู้รับผิดชอบ', 'บรรทัดที่ 2: ไม่พบหน่วยงาน "กองพัสดุ" ในปีนี้ (ใช้ชื่อหรือรหัส)'],
      [
        3,
        'หน่วยงานผู้รับผิดชอบ',
        'มี 1 บรรทัด แต่ผู้รับผิดชอบมี 2 บรรทัด: เขียนหน่วยงานของผู้รับผิดชอบทีละบรรทัด (ใส่ - ถ้าไม่มี) หรือเว้นว่างทั้งช่อง',
      ],
      [3, 'บุคคลผู้รับผิดชอบ', 'บรรทัดที่ 2: ไม่พบบุคคล "นายสมชาย" ในปีนี้ (ใช้ชื่อหรือรหัส)'],
    ]);
  });

  it('reports progress rows that point to no measure, unknown evidence, bad statuses and dates', () => {
    const measures = 'รหัสมาตรการ,ลำดับ,มาตรการ\nm1,1,ก\nm2,2,\n';
    const known = evidence('e1', 'a.pdf');
    const progress = [
      'รหัสมาตรการ,ลำดับมาตรการ,รหัสรายการ,วันที่,ช่วงที่รายงาน เริ่ม,ช่วงที่รายงาน สิ้นสุด,สิ่งที่ดำเนินการ,สถานะ,หลักฐาน',
      `m1,,r1,2023-10-10,2023-09-01,2023-09-30,ทำแล้ว,แล้วเสร็จ,a.pdf | ${known.sha256}`,
      `m9,,r1,2023-01-01,2022-12-01,2022-12-31,,ok,"b.pdf | ${sha('x')}\nไม่มีรหัส"`,
      ',3,,,2022-12-01,2022-12-31,ทำ,done,',
      ',,,2023-01-01,2022-12-01,2022-12-31,ทำ,done,',
      'm1,2,,2023-01-01,2022-12-01,2022-12-31,ทำ,done,',
      'm2,,,2023-01-01,2022-12-01,2022-12-31,ทำ,done,',
    ].join('\n');
    const back = importCsv(measures, progress, { ...context, knownEvidence: [known] });
    expect(back.measures).toEqual([]);
    expect(back.problems.map((p) => [p.sheet, p.row, p.column, p.severity, p.th])).toEqual([
      ['มาตรการ', 3, 'มาตรการ', 'error', 'ต้องไม่ว่าง'],
      ['ความก้าวหน้า', 2, 'วันที่', 'warning', 'วันที่ 10 ต.ค. 2566 อยู่นอกปีงบประมาณ พ.ศ. 2566'],
      ['ความก้าวหน้า', 3, 'รหัสมาตรการ', 'error', 'ไม่มีมาตรการรหัส "m9" ในตารางมาตรการ'],
      ['ความก้าวหน้า', 3, 'รหัสรายการ', 'error', '"r1" ซ้ำกับแถวที่ 2'],
      ['ความก้าวหน้า', 3, 'สิ่งที่ดำเนินการ', 'error', 'ต้องไม่ว่าง'],
      ['ความก้าวหน้า', 3, 'สถานะ', 'error', 'ไม่รู้จักสถานะ "ok": ใช้ได้ เป็นไปตามแผน, ล่าช้า, แล้วเสร็จ, ติดปัญหา'],
      ['ความก้าวหน้า', 3, 'หลักฐาน', 'error', `บรรทัดที่ 1: ไม่พบแฟ้มหลักฐาน "b.pdf" (sha256 ${sha('x').slice(0, 12)}…) ในระบบ: อัปโหลดแฟ้มก่อน`],
      ['ความก้าวหน้า', 3, 'หลักฐาน', 'error', 'บรรทัดที่ 2: "ไม่มีรหัส" ไม่อยู่ในรูป ชื่อแฟ้ม | sha256 | วันเริ่ม | วันสิ้นสุด'],
      ['ความก้าวหน้า', 4, 'ลำดับมาตรการ', 'error', 'ไม่มีมาตรการลำดับที่ 3 ในตารางมาตรการ'],
      ['ความก้าวหน้า', 4, 'วันที่', 'error', 'ต้องไม่ว่าง'],
      ['ความก้าวหน้า', 5, 'ลำดับมาตรการ', 'error', 'ไม่ได้ระบุว่าเป็นความก้าวหน้าของมาตรการใด (รหัสมาตรการหรือลำดับมาตรการ)'],
      ['ความก้าวหน้า', 6, 'ลำดับมาตรการ', 'error', 'ลำดับ 2 ไม่ตรงกับมาตรการรหัส "m1" (ลำดับ 1)'],
    ]);
  });

  it('takes an evidence file’s name and period from the sheet and the rest from the file the caller holds', () => {
    const known = evidence('e1', 'old.pdf', { periodStart: '2022-10-01', periodEnd: '2022-10-31' });
    const progress = [
      'ลำดับมาตรการ,วันที่,ช่วงที่รายงาน เริ่ม,ช่วงที่รายงาน สิ้นสุด,สิ่งที่ดำเนินการ,สถานะ,หลักฐาน',
      `1,2022-12-01,2022-11-01,2022-11-30,ทำ,แล้วเสร็จ,รายงาน พ.ย..pdf | ${known.sha256.toUpperCase()} | 1 พ.ย. 2565 | ๓๐ พ.ย. ๒๕๖๕`,
      `1,2022-12-01,2022-11-01,2022-11-30,ทำ,แล้วเสร็จ,x.pdf | ${known.sha256} | 30 พ.ย. 2565 | 1 พ.ย. 2565`,
    ].join('\n');
    const ok = importCsv('ลำดับ,มาตรการ\n1,ก\n', progress.split('\n').slice(0, 2).join('\n'), { ...context, knownEvidence: [known] });
    expect(ok.problems).toEqual([]);
    expect(ok.measures[0]!.progress[0]!.evidence).toEqual([{ ...known, filename: 'รายงาน พ.ย..pdf', periodStart: '2022-11-01', periodEnd: '2022-11-30' }]);
    const reversed = importCsv('ลำดับ,มาตรการ\n1,ก\n', progress, { ...context, knownEvidence: [known] });
    expect(reversed.problems.map((p) => [p.row, p.column, p.th])).toEqual([[3, 'หลักฐาน', 'บรรทัดที่ 1: วันสิ้นสุด 1 พ.ย. 2565 อยู่ก่อนวันเริ่ม 30 พ.ย. 2565']]);
  });

  it('still returns the measures when there are only warnings', () => {
    const back = importCsv('ลำดับ,มาตรการ,หมายเหตุ\n1,ก,x\n', 'ลำดับมาตรการ,วันที่,ช่วงที่รายงาน เริ่ม,ช่วงที่รายงาน สิ้นสุด,สิ่งที่ดำเนินการ,สถานะ\n1,2023-10-03,2023-09-01,2023-09-30,ทำ,แล้วเสร็จ\n');
    expect(at(back.problems)).toEqual([
      ['มาตรการ', 1, 'หมายเหตุ', 'warning'],
      ['ความก้าวหน้า', 2, 'วันที่', 'warning'],
    ]);
    expect(back.measures.map((m) => [m.titleTh, m.progress.length])).toEqual([['ก', 1]]);
  });

  it('formats a dry-run report listing every problem in Thai and English', () => {
    const report = formatProblems(importCsv('ลำดับ,มาตรการ,สถานะ,อื่น\n1,ก,x\n').problems);
    expect(report.split('\n')).toEqual([
      'คำเตือน  แผ่นงาน มาตรการ แถวที่ 1 คอลัมน์ "อื่น": ไม่รู้จักคอลัมน์ "อื่น": ข้ามไป',
      'warning  sheet มาตรการ row 1 column "อื่น": unknown column "อื่น": ignored',
      'ผิดพลาด  แผ่นงาน มาตรการ แถวที่ 2 คอลัมน์ "สถานะ": ไม่รู้จักสถานะ "x": ใช้ได้ ยังไม่เริ่ม, กำลังดำเนินการ, ดำเนินการแล้ว, ยกเลิก',
      'error    sheet มาตรการ row 2 column "สถานะ": unknown status "x": use one of ยังไม่เริ่ม, กำลังดำเนินการ, ดำเนินการแล้ว, ยกเลิก (or planned, in_progress, done, cancelled)',
      'พบข้อผิดพลาด 1 รายการ คำเตือน 1 รายการ: แก้ข้อผิดพลาดก่อน จึงจะนำเข้าได้ / 1 error(s), 1 warning(s): fix the errors before importing',
    ]);
    expect(formatProblems([])).toBe('ไม่พบข้อผิดพลาด คำเตือน 0 รายการ: นำเข้าได้ / no errors, 0 warning(s): ready to import');
  });

  it('reads the sheets of a workbook by name whatever their order', async () => {
    const workbook = await loadWorkbook(await writeMeasuresWorkbook(demo));
    const copy = new ExcelJS.Workbook();
    for (const name of ['ความก้าวหน้า', 'มาตรการ']) {
      const sheet = copy.addWorksheet(name);
      workbook.getWorksheet(name)!.eachRow((row) => sheet.addRow((row.values as ExcelJS.CellValue[]).slice(1)));
    }
    const tables = await readMeasuresWorkbook(Buffer.from(await copy.xlsx.writeBuffer()));
    expect(tables.measures.rows).toHaveLength(demo.measures.length);
    expect(tables.progress!.header[0]).toBe('รหัสมาตรการ');
  });
});
