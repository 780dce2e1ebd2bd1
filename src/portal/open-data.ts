/**
 * Open data of the portal (issue 6, point 5): every public table of an organisation as a dataset, with the
 * metadata a data catalogue needs, the Thai Government Data Catalog's fields (ckanext-thai_gdc, the CKAN schema
 * of data.go.th and the provincial catalogues; ../shared/conventions.md §5) among them. The web layer serves
 * each dataset as CSV and JSON and the catalogue as DCAT (JSON-LD) and as CKAN package dicts. Pure: built from
 * what is public (src/portal/publications-public.ts), nothing else.
 */
import { criteriaOf } from '../ita/index.ts';
import { cellText, type ComplaintStatistics } from '../complaints/stats.ts';
import type { OrgKind } from '../model/year.ts';
import { absolute, documentPath, slotPath } from './paths.ts';
import { latestOf, publicDocuments, publicResults, type PortalData } from './publications-public.ts';
import type { PublishedSurveyResults } from '../surveys/service.ts';

export type Cell = string | number | boolean | null;

export interface DatasetColumn {
  readonly key: string;
  readonly th: string;
  readonly en: string;
}

/** Thai GDC values (ckanext-thai_gdc ckan_dataset.json): the choices are the schema's own Thai labels. */
export interface GdcFields {
  readonly data_type: 'ข้อมูลระเบียน' | 'ข้อมูลสถิติ';
  readonly objective: readonly string[];
  readonly update_frequency_unit: 'ปี' | 'ครึ่งปี' | 'เดือน' | 'ไม่ทราบ';
  readonly update_frequency_interval: number | null;
  readonly geo_coverage: 'เทศบาล/อบต.' | 'จังหวัด' | 'ไม่ทราบ';
  readonly data_source: string;
  readonly data_format: readonly string[];
  readonly data_category: 'ข้อมูลสาธารณะ';
  readonly allow_harvest: 'True';
  readonly data_language: readonly string[];
  /** Statistics only. */
  readonly first_year_of_data?: string;
  readonly last_year_of_data?: string;
  readonly unit_of_measure?: string;
}

export interface Dataset {
  /** Stable within the organisation: the name in the addresses (/o/<slug>/data/<id>.csv). */
  readonly id: string;
  readonly titleTh: string;
  readonly titleEn: string;
  readonly descriptionTh: string;
  readonly keywords: readonly string[];
  /** DCAT frequency (Dublin Core collection): monthly, annual… */
  readonly accrualPeriodicity: 'http://purl.org/cld/freq/monthly' | 'http://purl.org/cld/freq/quarterly' | 'http://purl.org/cld/freq/annual' | 'http://purl.org/cld/freq/irregular';
  readonly gdc: GdcFields;
  /** The first and last instants the data changed (publication instants); null while it holds nothing. */
  readonly issued: string | null;
  readonly modified: string | null;
  readonly columns: readonly DatasetColumn[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

const GEO: Readonly<Record<OrgKind, GdcFields['geo_coverage']>> = { sao: 'เทศบาล/อบต.', municipality: 'เทศบาล/อบต.', pao: 'จังหวัด', other: 'ไม่ทราบ' };

const KIND_TH: Readonly<Record<string, string>> = {
  oit: 'ข้อมูลตามรายการ OIT',
  declaration: 'เจตจำนงสุจริตของผู้บริหาร',
  results: 'ผลการประเมิน ITA',
  page: 'หน้าเว็บ',
};

const minMax = (instants: readonly string[]) => {
  const sorted = [...instants].sort((a, b) => Date.parse(a) - Date.parse(b));
  return { issued: sorted[0] ?? null, modified: sorted.at(-1) ?? null };
};

function gdc(data: PortalData, dataType: GdcFields['data_type'], unit: GdcFields['update_frequency_unit'], extra: Partial<GdcFields> = {}): GdcFields {
  return {
    data_type: dataType,
    objective: ['พันธกิจหน่วยงาน'],
    update_frequency_unit: unit,
    update_frequency_interval: unit === 'ไม่ทราบ' ? null : 1,
    geo_coverage: GEO[data.org.kind],
    data_source: data.org.nameTh,
    data_format: ['CSV', 'JSON'],
    data_category: 'ข้อมูลสาธารณะ',
    allow_harvest: 'True',
    data_language: ['ไทย'],
    ...extra,
  };
}

const KEYWORDS = ['ITA', 'คุณธรรมและความโปร่งใส', 'การเปิดเผยข้อมูลสาธารณะ'];

/**
 * Every public dataset of the organisation; `origin` makes the addresses in the rows absolute; `complaints`: the
 * complaint statistics the portal shows (src/complaints/stats.ts, already protected), one dataset a year;
 * `surveys`: the results of the agency's own surveys it chose to publish (src/surveys/), one dataset.
 */
export function datasets(data: PortalData, origin: string, complaints: readonly ComplaintStatistics[] = [], surveys: readonly PublishedSurveyResults[] = []): Dataset[] {
  const slug = data.org.slug;
  const url = (path: string) => absolute(origin, path);
  const out: Dataset[] = [];

  out.push({
    id: 'publications',
    titleTh: `รายการข้อมูลที่เผยแพร่ของ${data.org.nameTh}`,
    titleEn: `Published items of ${data.org.nameEn ?? slug}`,
    descriptionTh: `ทุกฉบับของข้อมูลที่${data.org.nameTh}เผยแพร่ผ่านระบบโปร่งใส (ข้อมูลตามรายการ OIT เจตจำนงสุจริต ผลการประเมิน และหน้าเว็บ) พร้อมวันที่เผยแพร่และที่อยู่ถาวรของแต่ละฉบับ`,
    keywords: [...KEYWORDS, 'OIT'],
    accrualPeriodicity: 'http://purl.org/cld/freq/monthly',
    gdc: gdc(data, 'ข้อมูลระเบียน', 'เดือน'),
    ...minMax(data.versions.map((v) => v.publishAt as string)),
    columns: [
      { key: 'kind', th: 'ประเภท', en: 'kind' },
      { key: 'fiscal_year', th: 'ปีงบประมาณ', en: 'fiscal year' },
      { key: 'code', th: 'ข้อ', en: 'item code' },
      { key: 'title', th: 'ชื่อรายการ', en: 'title' },
      { key: 'version', th: 'ฉบับที่', en: 'version' },
      { key: 'published_at', th: 'วันเวลาที่เผยแพร่', en: 'published at' },
      { key: 'url', th: 'ที่อยู่ (URL)', en: 'URL' },
    ],
    rows: data.versions.map((v) => ({
      kind: KIND_TH[v.slot.kind] ?? v.slot.kind,
      fiscal_year: v.slot.kind === 'page' ? null : v.slot.year,
      code: v.slot.kind === 'oit' ? v.slot.code : null,
      title: v.titleTh,
      version: v.version,
      published_at: v.publishAt,
      url: url(slotPath(slug, v.slot, v.version)),
    })),
  });

  for (const y of data.years) {
    const criteria = criteriaOf(y);
    const latest = criteria.oitItems.map((item) => ({ item, v: latestOf(data, { kind: 'oit', year: y.year, code: item.code }) }));
    out.push({
      id: `oit-${y.year}`,
      titleTh: `การเปิดเผยข้อมูลตามรายการ OIT ปีงบประมาณ พ.ศ. ${y.year} ของ${data.org.nameTh}`,
      titleEn: `OIT disclosures, fiscal year ${y.year}, of ${data.org.nameEn ?? slug}`,
      descriptionTh: `ทุกข้อของแบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) ตามเกณฑ์ปี ${y.criteriaYear} ว่าเผยแพร่แล้วหรือไม่ เมื่อใด และที่อยู่ของข้อมูล`,
      keywords: [...KEYWORDS, 'OIT', String(y.year)],
      accrualPeriodicity: 'http://purl.org/cld/freq/monthly',
      gdc: gdc(data, 'ข้อมูลระเบียน', 'เดือน'),
      ...minMax(latest.flatMap(({ v }) => (v ? [v.publishAt as string] : []))),
      columns: [
        { key: 'indicator', th: 'ตัวชี้วัด', en: 'indicator' },
        { key: 'group', th: 'หัวข้อ', en: 'heading' },
        { key: 'code', th: 'ข้อ', en: 'item code' },
        { key: 'title', th: 'รายการข้อมูล', en: 'item' },
        { key: 'published', th: 'เผยแพร่แล้ว', en: 'published' },
        { key: 'version', th: 'ฉบับที่', en: 'version' },
        { key: 'published_at', th: 'วันเวลาที่เผยแพร่', en: 'published at' },
        { key: 'covers_year', th: 'ข้อมูลของปีงบประมาณ', en: 'fiscal year covered' },
        { key: 'url', th: 'ที่อยู่ (URL)', en: 'URL' },
      ],
      rows: latest.map(({ item, v }) => ({
        indicator: item.indicator,
        group: item.groupTh,
        code: item.code,
        title: item.titleTh,
        published: v !== null,
        version: v?.version ?? null,
        published_at: v?.publishAt ?? null,
        covers_year: v?.content.coversYear ?? null,
        url: v ? url(slotPath(slug, v.slot, v.version)) : null,
      })),
    });
  }

  const results = publicResults(data);
  if (results.length) {
    const indicatorKeys = Array.from({ length: 10 }, (_, i) => String(i + 1));
    out.push({
      id: 'results',
      titleTh: `ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ของ${data.org.nameTh}`,
      titleEn: `ITA results of ${data.org.nameEn ?? slug}`,
      descriptionTh: 'คะแนนผลการประเมิน ITA รายปี: คะแนนรายตัวชี้วัด ๑–๑๐ รายเครื่องมือ (IIT, EIT, OIT) คะแนนรวม และผลทางการที่สำนักงาน ป.ป.ช. ประกาศ',
      keywords: [...KEYWORDS, 'ผลการประเมิน'],
      accrualPeriodicity: 'http://purl.org/cld/freq/annual',
      gdc: gdc(data, 'ข้อมูลสถิติ', 'ปี', {
        first_year_of_data: String(results[0]?.year),
        last_year_of_data: String(results.at(-1)?.year),
        unit_of_measure: 'คะแนน (เต็ม 100)',
      }),
      ...minMax(results.map((r) => r.publishAt)),
      columns: [
        { key: 'fiscal_year', th: 'ปีงบประมาณ', en: 'fiscal year' },
        { key: 'criteria_year', th: 'เกณฑ์ปี', en: 'criteria year' },
        ...indicatorKeys.map((n) => ({ key: `i${n}`, th: `ตัวชี้วัดที่ ${n}`, en: `indicator ${n}` })),
        { key: 'iit', th: 'IIT', en: 'IIT' },
        { key: 'eit', th: 'EIT', en: 'EIT' },
        { key: 'oit', th: 'OIT', en: 'OIT' },
        { key: 'overall', th: 'คะแนนรวม', en: 'overall' },
        { key: 'grade', th: 'ผลการประเมิน', en: 'grade' },
        { key: 'pass_mark', th: 'เกณฑ์ผ่าน', en: 'pass mark' },
        { key: 'official_overall', th: 'คะแนนรวมทางการ', en: 'official overall' },
        { key: 'official_grade', th: 'ผลการประเมินทางการ', en: 'official grade' },
        { key: 'url', th: 'ที่อยู่ (URL)', en: 'URL' },
      ],
      rows: results.map((r) => ({
        fiscal_year: r.year,
        criteria_year: r.snapshot.criteriaYear,
        ...Object.fromEntries(indicatorKeys.map((n) => [`i${n}`, r.snapshot.indicators[n] ?? null])),
        iit: r.snapshot.tools.IIT ?? null,
        eit: r.snapshot.tools.EIT ?? null,
        oit: r.snapshot.tools.OIT ?? null,
        overall: r.snapshot.overall,
        grade: r.snapshot.grade,
        pass_mark: r.snapshot.passMark,
        official_overall: r.snapshot.official?.overall ?? null,
        official_grade: r.snapshot.official?.grade ?? null,
        url: url(slotPath(slug, { kind: 'results', year: r.year }, r.version)),
      })),
    });
  }

  const docs = publicDocuments(data);
  if (docs.length) {
    const link = (d: (typeof docs)[number], format: string) => (d.files.some((f) => f.docFormat === format) ? url(documentPath(slug, d.slot, d.version, d.docKind, format)) : null);
    out.push({
      id: 'documents',
      titleTh: `เอกสารมาตรการ แผน รายงาน และการวิเคราะห์ผลการประเมิน ITA ของ${data.org.nameTh}`,
      titleEn: `ITA measures, plans, reports and analyses of ${data.org.nameEn ?? slug}`,
      descriptionTh: 'เอกสารที่เผยแพร่ตามรายการ OIT ในรูปแบบ HTML, PDF และ DOCX ฉบับที่ผู้บริหารอนุมัติ',
      keywords: [...KEYWORDS, 'มาตรการส่งเสริมคุณธรรมและความโปร่งใส'],
      accrualPeriodicity: 'http://purl.org/cld/freq/annual',
      gdc: gdc(data, 'ข้อมูลระเบียน', 'ปี'),
      ...minMax(docs.map((d) => d.publishAt)),
      columns: [
        { key: 'fiscal_year', th: 'ปีงบประมาณ', en: 'fiscal year' },
        { key: 'document', th: 'เอกสาร', en: 'document' },
        { key: 'published_at', th: 'วันเวลาที่เผยแพร่', en: 'published at' },
        { key: 'html', th: 'HTML', en: 'HTML' },
        { key: 'pdf', th: 'PDF', en: 'PDF' },
        { key: 'docx', th: 'DOCX', en: 'DOCX' },
      ],
      rows: docs.map((d) => ({ fiscal_year: d.docYear, document: d.labelTh, published_at: d.publishAt, html: link(d, 'html'), pdf: link(d, 'pdf'), docx: link(d, 'docx') })),
    });
  }
  for (const stats of complaints) out.push(complaintDataset(data, stats));
  if (surveys.length) out.push(surveyDataset(data, surveys));
  return out;
}

const STAT_TABLE_TH = { type: 'ประเภท', status: 'สถานะ', month: 'เดือน', quarter: 'ไตรมาส' } as const;

/**
 * The complaint statistics of a year as a table: one row per count of each closed period's tables, as they are
 * shown ("12", "0", "< 5", "–"); the current quarter is not in it.
 */
function complaintDataset(data: PortalData, stats: ComplaintStatistics): Dataset {
  const rows = stats.periods.flatMap((p) =>
    p.tables.flatMap((t) =>
      [...t.rows, { key: 'total', th: 'รวม', cell: t.total }].map((r) => ({
        period: p.quarter === null ? 'year' : `Q${p.quarter}`,
        period_label: p.th,
        start: p.start,
        end: p.end,
        table: STAT_TABLE_TH[t.by],
        key: r.key,
        label: r.th,
        count: cellText(r.cell),
      })),
    ),
  );
  return {
    id: `complaints-${stats.fiscalYear}`,
    titleTh: `สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ปีงบประมาณ พ.ศ. ${stats.fiscalYear} ของ${data.org.nameTh}`,
    titleEn: `Complaint statistics, fiscal year ${stats.fiscalYear}, of ${data.org.nameEn ?? data.org.slug}`,
    descriptionTh: `จำนวนเรื่องร้องเรียนรายไตรมาส (จำแนกตามประเภท สถานะ และเดือน) และรายปี (จำแนกตามประเภทและไตรมาส) เผยแพร่เมื่อสิ้นไตรมาสและสิ้นปีงบประมาณแล้วไม่เปลี่ยนอีก ไตรมาสที่ยังไม่สิ้นสุดไม่แสดง จำนวนที่น้อยกว่า ${stats.threshold} (ยกเว้นศูนย์) แสดงเป็น "< ${stats.threshold}" และบางช่องแสดงเป็น "–" เพื่อไม่ให้ระบุตัวผู้ร้องเรียนได้`,
    keywords: [...KEYWORDS, 'เรื่องร้องเรียน'],
    accrualPeriodicity: 'http://purl.org/cld/freq/quarterly',
    gdc: gdc(data, 'ข้อมูลสถิติ', 'เดือน', { update_frequency_interval: 3, first_year_of_data: String(stats.fiscalYear), last_year_of_data: String(stats.fiscalYear), unit_of_measure: 'เรื่อง' }),
    ...minMax(stats.periods.map((p) => p.publishedAt)),
    columns: [
      { key: 'period', th: 'รหัสช่วงเวลา', en: 'period' },
      { key: 'period_label', th: 'ช่วงเวลา', en: 'period label' },
      { key: 'start', th: 'ตั้งแต่วันที่', en: 'from' },
      { key: 'end', th: 'ถึงวันที่', en: 'to' },
      { key: 'table', th: 'จำแนกตาม', en: 'by' },
      { key: 'key', th: 'รหัส', en: 'key' },
      { key: 'label', th: 'รายการ', en: 'item' },
      { key: 'count', th: 'จำนวน', en: 'count' },
    ],
    rows,
  };
}

/**
 * The results of the agency's own surveys it publishes (issue 19): one row per survey and indicator, with the
 * period and the respondents; a figure of fewer than 5 respondents is suppressed ("< 5", no score). No answers.
 */
function surveyDataset(data: PortalData, surveys: readonly PublishedSurveyResults[]): Dataset {
  const years = surveys.map((x) => x.year);
  return {
    id: 'surveys',
    titleTh: `ผลแบบสำรวจ IIT/EIT ของ${data.org.nameTh}`,
    titleEn: `Results of the own IIT/EIT surveys of ${data.org.nameEn ?? data.org.slug}`,
    descriptionTh: `คะแนนรายตัวชี้วัดจากแบบสำรวจที่${data.org.nameTh}ทำเอง (ตามข้อคำถาม IIT/EIT ของเกณฑ์ปี) พร้อมช่วงความเชื่อมั่น 95 % จำนวนผู้ตอบ และช่วงเวลาที่เปิดรับคำตอบ ไม่ใช่ผลทางการของสำนักงาน ป.ป.ช. กลุ่มที่มีผู้ตอบน้อยกว่า 5 คนไม่แสดงคะแนน ไม่มีคำตอบรายคน`,
    keywords: [...KEYWORDS, 'แบบสำรวจ', 'IIT', 'EIT'],
    accrualPeriodicity: 'http://purl.org/cld/freq/monthly',
    gdc: gdc(data, 'ข้อมูลสถิติ', 'เดือน', { first_year_of_data: String(Math.min(...years)), last_year_of_data: String(Math.max(...years)), unit_of_measure: 'คะแนน (เต็ม 100)' }),
    issued: null,
    modified: null,
    columns: [
      { key: 'fiscal_year', th: 'ปีงบประมาณ', en: 'fiscal year' },
      { key: 'survey', th: 'แบบสำรวจ', en: 'survey' },
      { key: 'kind', th: 'ประเภท', en: 'kind' },
      { key: 'opens_on', th: 'เปิดรับตั้งแต่', en: 'opens on' },
      { key: 'closes_on', th: 'ปิดรับ', en: 'closes on' },
      { key: 'demo', th: 'ข้อมูลตัวอย่าง (สมมติ)', en: 'demo data' },
      { key: 'survey_respondents', th: 'ผู้ตอบทั้งหมด', en: 'respondents (survey)' },
      { key: 'indicator', th: 'ตัวชี้วัด', en: 'indicator' },
      { key: 'score', th: 'คะแนน', en: 'score' },
      { key: 'ci95', th: 'ช่วงความเชื่อมั่น 95 % (±)', en: '95 % CI (±)' },
      { key: 'respondents', th: 'ผู้ตอบ', en: 'respondents' },
    ],
    rows: surveys.flatMap((x) =>
      x.results.indicators.map((i) => ({
        fiscal_year: x.year,
        survey: x.title,
        kind: x.kind,
        opens_on: x.opensOn,
        closes_on: x.closesOn,
        demo: x.demo,
        survey_respondents: x.results.respondents ?? '< 5',
        indicator: i.indicator,
        score: i.score,
        ci95: i.ci95,
        respondents: i.respondents ?? '< 5',
      })),
    ),
  };
}
