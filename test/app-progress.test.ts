import { crc32 } from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import { dashboard } from '../src/years/dashboard.ts';
import { Conflict, NotFound } from '../src/app/errors.ts';
import { downloadEvidence, listEvidence, maxEvidenceBytes, reviewEvidence, uploadEvidence } from '../src/measures/evidence.ts';
import { attachmentDisposition, checkFile, cleanFilename, sniff } from '../src/measures/file-types.ts';
import { listMeasures, type MeasureView } from '../src/measures/measures.ts';
import { addProgress, deleteProgress, listProgress, updateProgress, type ProgressView } from '../src/measures/progress.ts';
import { loadYear } from '../src/years/years.ts';
import { huaiThong2566 } from '../src/demo/huai-thong.ts';
import { InputError, InputErrors } from '../src/errors.ts';
import { writeMeasuresWorkbook } from '../src/io/measures-table.ts';
import { yearInputSchema } from '../src/model/year.ts';
import { DEMO, OTHER, principal, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';

const text = (s: string) => new TextEncoder().encode(s);
const PDF = text('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const HTML = text('<!DOCTYPE html><html><body><script>fetch("/steal")</script></body></html>');
const SVG = text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]);

/** A ZIP of stored (uncompressed) entries. */
function zip(entries: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.from(content);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(nameBytes.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dirBytes, end]));
}

const CT = (main: string) => `<?xml version="1.0"?><Types><Override PartName="/x" ContentType="application/vnd.${main}"/></Types>`;

describe('telling a file’s type by its content', () => {
  it('knows the accepted types by their magic bytes and names what it refuses', async () => {
    expect(sniff(PDF)).toBe('pdf');
    expect(sniff(PNG)).toBe('png');
    expect(sniff(JPEG)).toBe('jpeg');
    expect(sniff(text('GIF89a....'))).toBe('gif');
    expect(sniff(text('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('webp');
    const docx = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('หลักฐาน')] }] })));
    expect(sniff(docx)).toBe('docx');
    expect(sniff(new Uint8Array(await writeMeasuresWorkbook(yearInputSchema.parse(huaiThong2566))))).toBe('xlsx');
    expect(sniff(HTML)).toEqual({ what: 'หน้าเว็บ HTML / an HTML page' });
    expect(sniff(text('\uFEFF  <html lang="th">'))).toEqual({ what: 'หน้าเว็บ HTML / an HTML page' });
    expect(sniff(SVG)).toEqual({ what: 'ภาพ SVG (อาจมีสคริปต์) / an SVG image (it may hold scripts)' });
    expect(sniff(EXE)).toEqual({ what: 'โปรแกรม Windows (EXE/DLL) / a Windows program (EXE/DLL)' });
    expect(sniff(text('#!/bin/sh\nrm -rf /'))).toEqual({ what: 'สคริปต์ / a script' });
    expect(sniff(zip({ 'a.txt': 'hello' }))).toMatchObject({ what: expect.stringContaining('not an Office document') });
    expect(sniff(zip({ '[Content_Types].xml': CT('openxmlformats-officedocument.wordprocessingml.document.main+xml') }))).toMatchObject({
      what: expect.stringContaining('neither DOCX nor XLSX'),
    });
    expect(sniff(zip({ '[Content_Types].xml': CT('ms-excel.sheet.macroEnabled.main+xml'), 'xl/workbook.xml': '<x/>', 'xl/vbaProject.bin': 'VBA' }))).toMatchObject({
      what: expect.stringContaining('with macros'),
    });
    expect(sniff(zip({ '[Content_Types].xml': CT('openxmlformats-officedocument.spreadsheetml.sheet.main+xml'), 'xl/workbook.xml': '<x/>' }))).toBe('xlsx');
  });

  it('checks the name and the declared type against the content, and the size', () => {
    expect(checkFile(PDF, 'รายงาน ต.ค.pdf', 'application/pdf', 1000)).toEqual({ kind: 'pdf', mediaType: 'application/pdf', filename: 'รายงาน ต.ค.pdf' });
    expect(checkFile(PDF, 'C:\\Users\\staff\\scan', null, 1000).filename).toBe('scan.pdf');
    expect(checkFile(JPEG, 'photo.JPG', 'image/jpg', 1000).mediaType).toBe('image/jpeg');
    expect(() => checkFile(HTML, 'report.pdf', 'application/pdf', 1000)).toThrow(/content is an HTML page, which is not accepted/);
    expect(() => checkFile(EXE, 'minutes.docx', null, 1000)).toThrow(/a Windows program/);
    expect(() => checkFile(PDF, 'photo.png', null, 1000)).toThrow(/the name ends in \.png but the content is PDF/);
    expect(() => checkFile(PDF, 'x.pdf', 'text/html', 1000)).toThrow(/declared as text\/html but its content is PDF/);
    expect(() => checkFile(PDF, 'x.pdf', null, 10)).toThrow(/too large/);
    expect(() => checkFile(new Uint8Array(), 'x.pdf', null, 10)).toThrow(/empty/);
    expect(cleanFilename('../../etc/pass"wd\u0000\n.pdf')).toBe('passwd.pdf');
    expect(attachmentDisposition('รายงาน "ต.ค.".pdf')).toBe(
      `attachment; filename="______ __._._.pdf"; filename*=UTF-8''%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%20%22%E0%B8%95.%E0%B8%84.%22.pdf`,
    );
    expect(maxEvidenceBytes({})).toBe(20 * 1024 * 1024);
    expect(maxEvidenceBytes({ PRONGSAI_EVIDENCE_MAX_MB: '5' })).toBe(5 * 1024 * 1024);
  });
});

describe.each(backends())('progress and evidence (%s)', (backend) => {
  let w: World;
  let coordinator: Principal;
  let financeHead: Principal;
  let worksHead: Principal;
  let m1: MeasureView;
  let m3: MeasureView;
  const count = async (table: string) => ((await w.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0] as { n: number }).n;

  beforeEach(async () => {
    w = await world(backend);
    coordinator = principal('coordinator', w.demo.orgId, null, 'นางสาวประสาน งานดี');
    financeHead = principal('unit_head', w.demo.orgId, w.demo.units['กองคลัง']!, 'นายการเงิน ผอ.กองคลัง');
    worksHead = principal('unit_head', w.demo.orgId, w.demo.units['กองช่าง']!);
    const list = await listMeasures(w.t.db, coordinator, DEMO);
    [m1, m3] = [list[0]!, list[2]!];
  });
  afterEach(async () => {
    await w.t.dispose();
  });

  const october = (p: Principal = financeHead) =>
    addProgress(w.t.db, p, DEMO, m1.id, { date: '2022-11-03', month: '2022-10', done: 'ประชุมชี้แจงแผนการใช้จ่ายงบประมาณ', status: 'on_track' });

  it('adds monthly progress as the responsible unit, and only there', async () => {
    const entry = await october();
    expect(entry).toMatchObject({ measureId: m1.id, date: '2022-11-03', periodStart: '2022-10-01', periodEnd: '2022-10-31', status: 'on_track', outcome: null, createdBy: 'นายการเงิน ผอ.กองคลัง' });
    const quarter = await addProgress(w.t.db, coordinator, DEMO, m1.id, { date: '2023-01-05', periodStart: '2022-11-01', periodEnd: '2022-12-31', done: 'จัดทำคู่มือ', status: 'delayed', outcome: 'ร่างแล้ว' });
    expect((await listProgress(w.t.db, principal('auditor', w.demo.orgId), DEMO, m1.id)).map((p) => p.id)).toEqual([entry.id, quarter.id]);
    await expect(october(worksHead)).rejects.toBeInstanceOf(Forbidden);
    await expect(addProgress(w.t.db, financeHead, DEMO, m3.id, { month: '2022-10', done: 'x', status: 'on_track' })).rejects.toBeInstanceOf(Forbidden);
    await expect(october(principal('executive', w.demo.orgId))).rejects.toBeInstanceOf(Forbidden);
    await expect(addProgress(w.t.db, principal('coordinator', w.other.orgId), OTHER, m1.id, { month: '2022-10', done: 'x', status: 'on_track' })).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses a bad entry with every problem named, and writes nothing', async () => {
    const before = await count('progress_entries');
    const error = await addProgress(w.t.db, financeHead, DEMO, m1.id, { date: '2023-02-30', periodStart: '2023-10-01', periodEnd: '2023-10-31', done: 'ก', status: 'on_track' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputErrors);
    expect((error as InputErrors).errors.map((e) => e.th)).toEqual([
      'วันเริ่ม 1 ต.ค. 2566 อยู่นอกปีงบประมาณ พ.ศ. 2566 (1 ต.ค. 2565 ถึง 30 ก.ย. 2566)',
      'วันสิ้นสุด 31 ต.ค. 2566 อยู่นอกปีงบประมาณ พ.ศ. 2566 (1 ต.ค. 2565 ถึง 30 ก.ย. 2566)',
      'วันที่ "2023-02-30" ไม่ใช่วันที่ในปฏิทิน (YYYY-MM-DD)',
    ]);
    const schema = await addProgress(w.t.db, financeHead, DEMO, m1.id, { month: '2022-13', done: '', status: 'late' }).catch((e: unknown) => e);
    expect((schema as InputErrors).errors.map((e) => e.th)).toEqual([
      'สิ่งที่ดำเนินการ: ต้องไม่ว่าง',
      'สถานะ: ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: on_track, delayed, done, blocked',
      'month: เดือนต้องอยู่ในรูปแบบ YYYY-MM',
    ]);
    await expect(addProgress(w.t.db, financeHead, DEMO, m1.id, { done: 'ก', status: 'on_track' })).rejects.toThrow(/give the period reported on/);
    await expect(addProgress(w.t.db, financeHead, DEMO, m1.id, { date: '2022-09-30', month: '2022-10', done: 'ก', status: 'on_track' })).rejects.toThrow(/before the period/);
    expect(await count('progress_entries')).toBe(before);
  });

  it('changes an entry only on top of the version read, and removes it', async () => {
    const entry = await october();
    const changed: ProgressView = await updateProgress(w.t.db, financeHead, DEMO, entry.id, { status: 'done', outcome: 'บุคลากรรับทราบครบ' }, entry.updatedAt);
    expect(changed).toMatchObject({ status: 'done', outcome: 'บุคลากรรับทราบครบ', done: entry.done, periodStart: '2022-10-01' });
    await expect(updateProgress(w.t.db, coordinator, DEMO, entry.id, { status: 'blocked' }, entry.updatedAt)).rejects.toBeInstanceOf(Conflict);
    await expect(updateProgress(w.t.db, worksHead, DEMO, entry.id, { status: 'blocked' }, changed.updatedAt)).rejects.toBeInstanceOf(Forbidden);
    await expect(deleteProgress(w.t.db, financeHead, DEMO, entry.id, entry.updatedAt)).rejects.toBeInstanceOf(Conflict);
    await deleteProgress(w.t.db, financeHead, DEMO, entry.id, changed.updatedAt);
    expect(await listProgress(w.t.db, coordinator, DEMO, m1.id)).toEqual([]);
  });

  it('stores evidence by its content hash, once, with the period it covers, and counts it for the month', async () => {
    const entry = await october();
    const first = await uploadEvidence(w.t.db, financeHead, DEMO, entry.id, { bytes: PDF, filename: 'รายงานการประชุม.pdf', declaredType: 'application/pdf' });
    expect(first).toMatchObject({ filename: 'รายงานการประชุม.pdf', mediaType: 'application/pdf', size: PDF.length, revision: 1, replacesId: null, reviewStatus: 'pending', uploadedBy: 'นายการเงิน ผอ.กองคลัง' });
    expect(first.covers).toEqual({ start: '2022-10-01', end: '2022-10-31' });
    const other = await addProgress(w.t.db, coordinator, DEMO, m1.id, { date: '2022-12-01', month: '2022-11', done: 'ต่อเนื่อง', status: 'on_track' });
    const again = await uploadEvidence(w.t.db, coordinator, DEMO, other.id, { bytes: PDF, filename: 'สำเนา.pdf', periodStart: '2022-11-01', periodEnd: '2022-11-15' });
    expect(again.sha256).toBe(first.sha256);
    expect(await count('files')).toBe(1);
    await expect(uploadEvidence(w.t.db, financeHead, DEMO, entry.id, { bytes: PDF, filename: 'ซ้ำ.pdf' })).rejects.toThrow(/already attached/);
    // Only the demo's measure 1 is followed (in progress) once its status changes; October and November have evidence.
    await w.t.db.query(`UPDATE measures SET status = 'in_progress' WHERE id = $1`, [m1.id]);
    const d = await dashboard(w.t.db, coordinator, DEMO, { today: '2022-12-10' });
    expect(d.late).toEqual([]);
    expect(d.evidence.pending).toBe(2);
    expect((await loadYear(w.t.db, DEMO.org, DEMO.year)).measures[0]!.progress[0]!.evidence[0]!.sha256).toBe(first.sha256);
  });

  it('refuses what is not what it says it is, whatever its name, and stores nothing', async () => {
    const entry = await october();
    const [files, records] = [await count('files'), await count('evidence')];
    const refused = async (bytes: Uint8Array, filename: string, declaredType: string | null = null) => {
      const e = await uploadEvidence(w.t.db, financeHead, DEMO, entry.id, { bytes, filename, declaredType }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).th;
    };
    expect(await refused(HTML, 'report.pdf', 'application/pdf')).toBe(
      'เนื้อแฟ้มเป็นหน้าเว็บ HTML จึงรับไม่ได้: รับเฉพาะ PDF, PNG, JPEG, GIF, WebP, Word (.docx) และ Excel (.xlsx)',
    );
    expect(await refused(EXE, 'minutes.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toContain('โปรแกรม Windows');
    expect(await refused(SVG, 'logo.png', 'image/png')).toContain('ภาพ SVG');
    expect(await refused(zip({ '[Content_Types].xml': CT('ms-excel.sheet.macroEnabled.main+xml'), 'xl/workbook.xml': '<x/>' }), 'budget.xlsx')).toContain('แมโคร');
    expect(await refused(PNG, 'scan.pdf')).toContain('ชื่อแฟ้มลงท้ายด้วย .pdf แต่เนื้อแฟ้มเป็น PNG');
    const big = new Uint8Array(2048);
    big.set(PDF);
    await expect(uploadEvidence(w.t.db, financeHead, DEMO, entry.id, { bytes: big, filename: 'big.pdf' }, { maxBytes: 1024 })).rejects.toThrow(/too large/);
    await expect(uploadEvidence(w.t.db, financeHead, DEMO, entry.id, { bytes: PDF, filename: 'x.pdf', periodStart: '2024-01-01' })).rejects.toThrow(/outside fiscal year 2566/);
    expect([await count('files'), await count('evidence')]).toEqual([files, records]);
    await expect(uploadEvidence(w.t.db, worksHead, DEMO, entry.id, { bytes: PDF, filename: 'x.pdf' })).rejects.toBeInstanceOf(Forbidden);
    const docx = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('บันทึกข้อความ')] }] })));
    const accepted = await uploadEvidence(w.t.db, financeHead, DEMO, entry.id, { bytes: docx, filename: 'บันทึก', declaredType: 'application/octet-stream' });
    expect(accepted).toMatchObject({ filename: 'บันทึก.docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
  });

  it('keeps every revision; reviewers accept or reject the latest, with a reason for a rejection', async () => {
    const entry = await october();
    const first = await uploadEvidence(w.t.db, financeHead, DEMO, entry.id, { bytes: PDF, filename: 'v1.pdf', periodStart: '2022-10-01', periodEnd: '2022-10-15' });
    const second = await uploadEvidence(w.t.db, financeHead, DEMO, entry.id, { bytes: PNG, filename: 'v2.png', replacesId: first.id });
    expect(second).toMatchObject({ revision: 2, replacesId: first.id, periodStart: '2022-10-01', periodEnd: '2022-10-15' });
    const all = await listEvidence(w.t.db, coordinator, DEMO, { progressId: entry.id });
    expect(all.map((e) => [e.filename, e.revision, e.replacedById])).toEqual([
      ['v1.pdf', 1, second.id],
      ['v2.png', 2, null],
    ]);
    await expect(uploadEvidence(w.t.db, financeHead, DEMO, entry.id, { bytes: JPEG, filename: 'v3.jpg', replacesId: first.id })).rejects.toBeInstanceOf(Conflict);

    await expect(reviewEvidence(w.t.db, financeHead, DEMO, second.id, { decision: 'accepted' })).rejects.toBeInstanceOf(Forbidden);
    await expect(reviewEvidence(w.t.db, coordinator, DEMO, second.id, { decision: 'rejected' })).rejects.toThrow(/must give its reason/);
    await expect(reviewEvidence(w.t.db, coordinator, DEMO, first.id, { decision: 'accepted' })).rejects.toBeInstanceOf(Conflict);
    const rejected = await reviewEvidence(w.t.db, coordinator, DEMO, second.id, { decision: 'rejected', note: 'ภาพไม่ชัด ไม่เห็นวันที่' });
    expect(rejected).toMatchObject({ reviewStatus: 'rejected', reviewedBy: 'นางสาวประสาน งานดี', reviewNote: 'ภาพไม่ชัด ไม่เห็นวันที่' });
    const log = await w.t.db.query<{ actor_label: string; after: { review_status: string } }>(
      `SELECT actor_label, after FROM audit_log WHERE entity = 'evidence' AND entity_id = $1 AND action = 'update'`,
      [second.id],
    );
    expect(log.map((l) => [l.actor_label, l.after.review_status])).toEqual([['นางสาวประสาน งานดี', 'rejected']]);
  });

  it('gives a download as an attachment with a media type checked by content, and never another organisation’s file', async () => {
    const entry = await october();
    const ev = await uploadEvidence(w.t.db, financeHead, DEMO, entry.id, { bytes: PDF, filename: 'รายงาน.pdf' });
    const file = await downloadEvidence(w.t.db, principal('auditor', w.demo.orgId), DEMO, ev.id);
    expect(new Uint8Array(file.bytes)).toEqual(PDF);
    expect(file).toMatchObject({ mediaType: 'application/pdf', filename: 'รายงาน.pdf', size: PDF.length, sha256: ev.sha256 });
    expect(file.contentDisposition).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''%E0%B8%A3/);
    // A record that came in another way (an old import) with HTML bytes and an HTML type goes out as plain bytes.
    await w.t.db.query(`INSERT INTO files (sha256, size, bytes) VALUES ($1, $2, $3)`, ['a'.repeat(64), HTML.length, Buffer.from(HTML)]);
    const [row] = await w.t.db.query<{ id: string }>(
      `INSERT INTO evidence (progress_id, sha256, filename, media_type, size) VALUES ($1, $2, 'page.html', 'text/html', $3) RETURNING id`,
      [entry.id, 'a'.repeat(64), HTML.length],
    );
    expect((await downloadEvidence(w.t.db, coordinator, DEMO, row!.id)).mediaType).toBe('application/octet-stream');
    const outsider = principal('auditor', w.other.orgId);
    await expect(downloadEvidence(w.t.db, outsider, OTHER, ev.id)).rejects.toBeInstanceOf(NotFound);
    await expect(downloadEvidence(w.t.db, outsider, DEMO, ev.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(listEvidence(w.t.db, outsider, OTHER, { progressId: entry.id })).resolves.toEqual([]);
  });
});
