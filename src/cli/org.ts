/**
 * Starting a real organisation from the command line (src/organisations/organisations.ts): `prongsai org create|list|types|move|tree`,
 * `prongsai unit add`, `prongsai person add` (prints a one-time set-password link) and `prongsai year create`. They
 * work on an empty data folder (withDb runs the migrations). The operator acts as a system administrator
 * (cliPrincipal). Warnings (a district the address dataset lacks) go to stderr; `--json` prints machine output.
 */
import type { Command } from 'commander';
import { cliActor } from '../app/actor.ts';
import { cliPrincipal } from '../app/authz.ts';
import { createYear } from '../years/carry.ts';
import { addPerson, addUnit, createOrganisation, listOrganisationDetails, type OrganisationDetail } from '../organisations/organisations.ts';
import { loadTree, moveOrganisation } from '../organisations/tree.ts';
import { InputError } from '../errors.ts';
import { formatProblems, hasErrors } from '../io/problems.ts';
import { readTable } from '../io/tables.ts';
import { cliMessages } from './messages.ts';
import type { Warning } from '../organisations/places.ts';
import { EIT_MINIMUM_SOURCE, ORG_TYPES } from '../organisations/vocab.ts';
import { parseFiscalYear } from '../ita/index.ts';
import { pickConfig } from '../config.ts';
import { withDb } from './data.ts';
import type { Io } from './main.ts';

const JSON_OPTION = ['--json', 'ผลเป็น JSON / machine-readable JSON'] as const;
const ORG_OPTION = ['--org <slug>', 'ชื่อย่อของหน่วยงาน / the organisation slug'] as const;

/** Where the one-time links point: PRONGSAI_PUBLIC_URL when set (behind a proxy), else the local server. */
export const linkBase = (): string => {
  const config = pickConfig(['PRONGSAI_PUBLIC_URL', 'PORT']);
  return config.PRONGSAI_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
};

const printWarnings = (warnings: readonly Warning[], io: Io) => {
  for (const w of warnings) io.err(`${w.th}\n${w.en}`);
};

/** One organisation, one line: slug, name, type, place, size group and EIT minimum. */
export function orgLine(o: OrganisationDetail): string {
  const place = [o.district ? `อ.${o.district}${o.districtCode ? '' : ' (ไม่มีรหัส / no code)'}` : null, o.province ? `จ.${o.province}` : null].filter(Boolean).join(' ');
  const size = o.sizeGroup ? ` ขนาด / size ${o.sizeGroup}, EIT ขั้นต่ำ / minimum ${o.eitMinimum ?? 'ไม่ทราบ / unknown'}` : '';
  const years = o.years.length ? ` ปี / years ${o.years.join(', ')}` : '';
  const parent = o.parent ? ` ภายใต้ / under ${o.parent}` : '';
  return `${o.slug}\t${o.nameTh}\t${o.typeTh ?? o.kind}\t${place}${size}${years}${parent}`;
}

export function addOrgCommands(program: Command, io: Io): void {
  const principal = (command: string) => cliPrincipal(cliActor(command));

  const org = program.command('org').description('หน่วยงาน / organisations');
  org
    .command('create')
    .description('สร้างหน่วยงาน / create an organisation')
    .requiredOption('--slug <slug>', 'ชื่อย่อ (อังกฤษตัวเล็ก ตัวเลข -) / the slug (a-z, 0-9, -), e.g. na-kham')
    .requiredOption('--name <name>', 'ชื่อหน่วยงานภาษาไทย / the Thai name')
    .requiredOption('--type <type>', 'ประเภท: อักษรย่อหรือรหัส (prongsai org types) / the type: Thai abbreviation or code')
    .requiredOption('--province <province>', 'จังหวัด (ชื่อภาษาไทยหรือรหัส) / the province (Thai name or code)')
    .option('--district <district>', 'อำเภอ (ชื่อภาษาไทยหรือรหัส) / the district (Thai name or code)')
    .option('--size <group>', 'กลุ่มขนาดของ ป.ป.ช. (S, M, L) / the NACC size group')
    .option('--name-en <name>', 'ชื่อภาษาอังกฤษ / the English name')
    .option('--parent <slug>', 'หน่วยงานต้นสังกัด (ชื่อย่อ) / the slug of the office it comes under')
    .option(...JSON_OPTION)
    .action(async (opts: { slug: string; name: string; type: string; province: string; district?: string; size?: string; nameEn?: string; parent?: string; json?: boolean }) => {
      const input = {
        slug: opts.slug,
        nameTh: opts.name,
        type: opts.type,
        province: opts.province,
        district: opts.district ?? null,
        size: opts.size ?? null,
        nameEn: opts.nameEn ?? null,
        parent: opts.parent ?? null,
      };
      const made = await withDb((db) => createOrganisation(db, principal('org create'), input));
      printWarnings(made.warnings, io);
      if (opts.json) io.out(JSON.stringify(made, null, 2));
      else io.out(`สร้างหน่วยงานแล้ว / organisation created:\n${orgLine(made.organisation)}\nต่อไป / next: prongsai unit add --org ${made.organisation.slug} --name …`);
    });

  org
    .command('list')
    .description('รายชื่อหน่วยงานทั้งหมด / every organisation')
    .option(...JSON_OPTION)
    .action(async (opts: { json?: boolean }) => {
      const list = await withDb((db) => listOrganisationDetails(db, principal('org list')));
      if (opts.json) io.out(JSON.stringify({ organisations: list }, null, 2));
      else io.out(list.length ? list.map(orgLine).join('\n') : 'ยังไม่มีหน่วยงาน / no organisations yet: prongsai org create …');
    });

  org
    .command('move')
    .description('ย้ายหน่วยงานไปอยู่ใต้หน่วยงานต้นสังกัด / place an organisation under another')
    .argument('<slug>', 'ชื่อย่อของหน่วยงานที่ย้าย / the slug of the organisation moved')
    .requiredOption('--parent <slug>', 'ชื่อย่อของต้นสังกัด หรือ none (ยังไม่จัดเข้าต้นสังกัด) / the parent’s slug, or none (not placed)')
    .option(...JSON_OPTION)
    .action(async (slug: string, opts: { parent: string; json?: boolean }) => {
      const parent = opts.parent.trim() === 'none' ? null : opts.parent;
      const moved = await withDb((db) => moveOrganisation(db, principal('org move'), slug, { parent }));
      if (opts.json) io.out(JSON.stringify({ organisation: moved }, null, 2));
      else io.out(moved.parent ? `ย้ายแล้ว / moved: ${moved.slug} ภายใต้ / under ${moved.parent}` : `ย้ายแล้ว / moved: ${moved.slug} ยังไม่จัดเข้าต้นสังกัด / not placed`);
    });

  org
    .command('tree')
    .description('โหลดโครงสร้างต้นสังกัดจาก CSV (คอลัมน์ agency, parent) ทั้งหมดหรือไม่เลย / load the tree from a CSV (columns agency, parent), all or nothing')
    .argument('<file>', 'แฟ้ม CSV / the CSV file')
    .option('--dry-run', 'ตรวจอย่างเดียว ไม่บันทึก / check only, write nothing')
    .option(...JSON_OPTION)
    .action(async (file: string, opts: { dryRun?: boolean; json?: boolean }) => {
      const table = await readTable(file);
      const load = await withDb((db) => loadTree(db, principal('org tree'), table, { dryRun: opts.dryRun === true }));
      if (load.problems.length > 0 || opts.dryRun) io.err(formatProblems(load.problems));
      if (opts.json) io.out(JSON.stringify(load, null, 2));
      else {
        const lines = load.moves.map((m) => `${m.slug}\t${m.from ?? '-'} → ${m.to ?? '-'}`);
        const head = load.written ? 'ย้ายแล้ว / moved' : 'จะย้าย / would move';
        io.out(`${head}: ${load.moves.length}, ไม่เปลี่ยน / unchanged: ${load.unchanged}${lines.length ? `\n${lines.join('\n')}` : ''}`);
        if (!load.written && load.problems.length === 0) io.out('ตรวจแล้ว ยังไม่ได้บันทึก (--dry-run) / checked, nothing written (--dry-run)');
      }
      if (hasErrors(load.problems)) throw new InputError('file', cliMessages.notImported());
    });

  org
    .command('types')
    .description('ประเภทหน่วยงานที่ใช้ได้กับ --type / the types --type takes')
    .option(...JSON_OPTION)
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        io.out(JSON.stringify({ types: ORG_TYPES, eitMinimumSource: EIT_MINIMUM_SOURCE }, null, 2));
        return;
      }
      const lines = ORG_TYPES.map((t) => {
        const groups = t.eitMinimum ? ` ขนาด / sizes ${Object.entries(t.eitMinimum).map(([g, n]) => `${g}${n === null ? '' : ` (EIT ≥ ${n})`}`).join(', ')}` : '';
        return `${t.abbrTh.padEnd(16)} ${t.code.padEnd(24)} ${t.nameTh} / ${t.nameEn}${t.supervising ? ' [หน่วยกำกับ / supervising]' : ''}${groups}`;
      });
      io.out(`${lines.join('\n')}\nEIT ขั้นต่ำ / minimum: ${EIT_MINIMUM_SOURCE.th} / ${EIT_MINIMUM_SOURCE.en}`);
    });

  program
    .command('unit')
    .description('กอง/สำนักของหน่วยงาน / an organisation’s units')
    .command('add')
    .description('เพิ่มกอง/สำนัก / add a unit')
    .requiredOption(...ORG_OPTION)
    .requiredOption('--name <name>', 'ชื่อกอง/สำนัก / the unit’s name, e.g. กองคลัง')
    .option('--short <name>', 'ชื่อย่อ / a short name')
    .option(...JSON_OPTION)
    .action(async (opts: { org: string; name: string; short?: string; json?: boolean }) => {
      const unit = await withDb((db) => addUnit(db, principal('unit add'), opts.org, { nameTh: opts.name, shortTh: opts.short ?? null }));
      io.out(opts.json ? JSON.stringify(unit, null, 2) : `เพิ่มกอง/สำนักแล้ว / unit added: ${unit.nameTh} (${unit.id})`);
    });

  program
    .command('person')
    .description('บุคลากรที่ใช้ระบบ / people who sign in')
    .command('add')
    .description('เพิ่มบุคคลและให้ลิงก์ตั้งรหัสผ่าน (ใช้ได้ครั้งเดียว) / add a person and print a one-time set-password link')
    .requiredOption(...ORG_OPTION)
    .requiredOption('--email <email>', 'อีเมล / e-mail address')
    .requiredOption('--role <role>', 'บทบาท / role: org_admin, coordinator, unit_head, executive, auditor')
    .option('--unit <unit>', 'กอง/สำนัก (จำเป็นสำหรับ unit_head) / the unit (needed for unit_head)')
    .option('--name <name>', 'ชื่อ-สกุล (ค่าเริ่มต้น: อีเมล) / name (default: the e-mail address)')
    .option(...JSON_OPTION)
    .action(async (opts: { org: string; email: string; role: string; unit?: string; name?: string; json?: boolean }) => {
      const made = await withDb((db) => addPerson(db, principal('person add'), opts.org, { email: opts.email, role: opts.role, unit: opts.unit ?? null, nameTh: opts.name ?? null }));
      const url = `${linkBase()}/setup/${made.link}`;
      if (opts.json) io.out(JSON.stringify({ personId: made.personId, link: url }, null, 2));
      else io.out(`เพิ่มแล้ว / added: ${opts.email.trim()} (${opts.role.trim()})\nลิงก์ตั้งรหัสผ่าน (ใช้ได้ครั้งเดียว ภายใน 24 ชั่วโมง) / set-password link (one use, within 24 hours):\n  ${url}`);
    });

  program
    .command('year')
    .description('ปีงบประมาณของหน่วยงาน / an organisation’s fiscal years')
    .command('create')
    .description('เปิดปีงบประมาณแรก (ยังไม่มีข้อมูล) / open a fiscal year with no data yet')
    .requiredOption(...ORG_OPTION)
    .requiredOption('--year <year>', 'ปีงบประมาณ พ.ศ. / fiscal year (Buddhist era), e.g. 2569')
    .option('--criteria-year <year>', 'ปีของเกณฑ์ (ค่าเริ่มต้น: ปีเดียวกันหรือใกล้ที่สุด) / the criteria year (default: the same or the nearest)')
    .option(...JSON_OPTION)
    .action(async (opts: { org: string; year: string; criteriaYear?: string; json?: boolean }) => {
      const year = parseFiscalYear(opts.year);
      const criteriaYear = opts.criteriaYear === undefined ? undefined : parseFiscalYear(opts.criteriaYear);
      const ctx = await withDb((db) => createYear(db, principal('year create'), opts.org, { year, ...(criteriaYear === undefined ? {} : { criteriaYear }) }));
      const out = { org: ctx.slug, year: ctx.year, criteriaYear: ctx.criteriaYear, status: ctx.status };
      io.out(opts.json ? JSON.stringify(out, null, 2) : `เปิดปีงบประมาณ ${ctx.year} ของ ${ctx.nameTh} แล้ว (เกณฑ์ปี ${ctx.criteriaYear}) / fiscal year ${ctx.year} of ${ctx.slug} opened (criteria ${ctx.criteriaYear})`);
    });
}
