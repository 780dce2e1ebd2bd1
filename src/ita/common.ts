/**
 * Building blocks shared by the yearly catalogues (y2564.ts … y2568.ts): tools, indicators, answer scales, the
 * IIT questions of the NACC 2564 form, the EIT gists, the 43-item OIT list of 2563–2565, grade rules, sources
 * and the notes that more than one year carries. Everything here is deep-frozen; a year that changes a piece
 * builds a new object instead of editing a shared one.
 *
 * Facts and their reliability: /work/shared/ita/ita-framework.md (§ numbers below refer to it).
 */
import { deepFreeze } from './freeze.ts';
import type {
  AnswerScale,
  BandGradeRule,
  CriteriaNote,
  IndicatorDefinition,
  IndicatorNumber,
  LabelGradeRule,
  OitItem,
  OitSubIndicator,
  SurveyItem,
  SurveyQuestion,
  ToolDefinition,
} from './types.ts';

export function titleTh(year: number): string {
  return `การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. ${year}`;
}

/** Source addresses, as cited in the framework file. */
export const SRC = deepFreeze({
  sduForm:
    'https://github.com/sontaya/sdu-iit/blob/5c96952e67580a9bb41a703a25f519b036615d45/application/views/internal/form.php',
  sduController:
    'https://github.com/sontaya/sdu-iit/blob/5c96952e67580a9bb41a703a25f519b036615d45/application/controllers/Internal.php',
  report2564Group: 'https://online.anyflip.com/qxtmp/cuda/files/basic-html/page138.html',
  report2564Group2: 'https://online.anyflip.com/qxtmp/cuda/files/basic-html/page111.html',
  report2564Indicators: 'https://fliphtml5.com/nqbfm/fekk/รายงาน_ITA2564_กลุ่ม2/168',
  manual2564: 'https://anyflip.com/vmepg/mudj/basic',
  results2564: 'https://itas.nacc.go.th/home/detailnews/2302',
  sme2565: 'https://sme.go.th/uploads/eBooks/eBook_65/files/basic-html/page80.html',
  results2565: 'https://www.nationthailand.com/in-focus/40018394',
  gitOit2565: 'ITA 2565 OIT page of the Gem and Jewelry Institute of Thailand (GitHub index id 5722924604)',
  saraburiOit: 'https://saraburi.m-society.go.th/?page_id=7484',
  mtpsOit: 'http://mtps.ac.th/site/oit/',
  rating2566: 'https://org.thaipbs.or.th/content/5949',
  rating2566Local: 'https://bangplakod.go.th/select_news.php?news_id=574&id_type=1',
  thamaikan2566: 'https://thamaikan.go.th/main/newsView-data?link=IndicatorscoreITA',
  calendar2566: 'https://lamklong.phudesign.com/?post=w2a42443',
  phayaoCode: 'University of Phayao ITA dashboard code (GitHub index ids 34373903252, 34601936217)',
  obecOit2566: 'OBEC school ITA 2566 OIT pages (GitHub index ids 44604423270, 39739728766, 39721991297)',
  klongkhwang2567: 'http://www.klongkhwangsao.go.th/index.php?link=anticorruption',
  police2567: 'https://kamalasai.kalasin.police.go.th/ita-standards-2567/ita-standards-2/',
  song2567: 'https://www.song.go.th/ita.php',
  obecIit2567: 'https://www.sakonarea1.go.th/new2024/iit/',
  obecOit2567: 'https://www.sakonarea1.go.th/new2024/oit-open-data-integrity/',
  results2567: 'https://tna.mcot.net/politics-1399345',
  rtrda2568: 'https://github.com/rtrdasmartrailway/web-app-rtrda (src/data/wp-content.json, record th-page-4837)',
  itachon2568: 'https://www.itachon.com/แนวทางการประเมน-ita-ป-พ-ศ-2568/guideline-for-oit/ขอ-o1-โครงสราง',
  manual2568Eit: 'https://fliphtml5.com/gwwiq/kgpc/eBOOK1/56',
  results2568: 'https://www.nationthailand.com/blogs/news/general/40054201',
  results2568Th: 'https://www.matichon.co.th/politics/news_5328750',
});

// ---------------------------------------------------------------------------------------------------------
// Tools and indicators (§1, §2)

export const IIT_TOOL: ToolDefinition = deepFreeze({
  code: 'IIT',
  nameTh: 'แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน',
  nameEn: 'Internal Integrity and Transparency Assessment',
  weight: '0.3',
  indicators: [1, 2, 3, 4, 5],
});

const EIT_BASE = {
  code: 'EIT',
  nameTh: 'แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก',
  nameEn: 'External Integrity and Transparency Assessment',
  weight: '0.3',
  indicators: [6, 7, 8],
} as const satisfies ToolDefinition;

export const OIT_TOOL: ToolDefinition = deepFreeze({
  code: 'OIT',
  nameTh: 'แบบตรวจการเปิดเผยข้อมูลสาธารณะ',
  nameEn: 'Open Data Integrity and Transparency Assessment',
  weight: '0.4',
  indicators: [9, 10],
});

/** Up to FY 2565: EIT is one survey. */
export const TOOLS_SINGLE_EIT: readonly ToolDefinition[] = deepFreeze([IIT_TOOL, EIT_BASE, OIT_TOOL]);

/** From FY 2566: EIT is published as part 1 and part 2 (§1, เทศบาลตำบลท่าไม้ 2566). */
export const TOOLS_EIT_PARTS: readonly ToolDefinition[] = deepFreeze([
  IIT_TOOL,
  {
    ...EIT_BASE,
    parts: [
      { nameTh: 'ส่วนที่ 1', nameEn: 'Part 1' },
      { nameTh: 'ส่วนที่ 2', nameEn: 'Part 2' },
    ],
  },
  OIT_TOOL,
]);

/** The ten indicators; the alternative spellings were seen on a 2567 page and are kept for every year. */
export const INDICATORS: readonly IndicatorDefinition[] = deepFreeze([
  { number: 1, tool: 'IIT', nameTh: 'การปฏิบัติหน้าที่', nameEn: 'Performance of duties' },
  { number: 2, tool: 'IIT', nameTh: 'การใช้งบประมาณ', nameEn: 'Budget spending' },
  { number: 3, tool: 'IIT', nameTh: 'การใช้อำนาจ', nameEn: 'Use of authority' },
  {
    number: 4,
    tool: 'IIT',
    nameTh: 'การใช้ทรัพย์สินของราชการ',
    nameEn: 'Use of government property',
    altNamesTh: ['การใช้ทรัพย์สินของทางราชการ'],
  },
  { number: 5, tool: 'IIT', nameTh: 'การแก้ไขปัญหาการทุจริต', nameEn: 'Solving corruption problems' },
  { number: 6, tool: 'EIT', nameTh: 'คุณภาพการดำเนินงาน', nameEn: 'Quality of operations' },
  { number: 7, tool: 'EIT', nameTh: 'ประสิทธิภาพการสื่อสาร', nameEn: 'Communication efficiency' },
  {
    number: 8,
    tool: 'EIT',
    nameTh: 'การปรับปรุงการทำงาน',
    nameEn: 'Work improvement',
    altNamesTh: ['การปรับปรุงระบบการทำงาน'],
  },
  { number: 9, tool: 'OIT', nameTh: 'การเปิดเผยข้อมูล', nameEn: 'Information disclosure' },
  { number: 10, tool: 'OIT', nameTh: 'การป้องกันการทุจริต', nameEn: 'Corruption prevention' },
]);

export const PASS_MARK = '85';
export const DECIMALS = 2;

// ---------------------------------------------------------------------------------------------------------
// Answer scales (§3)

export const FOUR_LEVEL = 'four-level';
export const YES_NO = 'yes-no';

export const SCALES: readonly AnswerScale[] = deepFreeze([
  {
    id: FOUR_LEVEL,
    nameTh: 'ระดับ 4 ระดับ (น้อยที่สุดหรือไม่มีเลย – มากที่สุด)',
    options: [
      { code: '1', labelTh: 'น้อยที่สุดหรือไม่มีเลย', score: '0' },
      { code: '2', labelTh: 'น้อย', score: '33.33' },
      { code: '3', labelTh: 'มาก', score: '66.67' },
      { code: '4', labelTh: 'มากที่สุด', score: '100' },
    ],
  },
  {
    id: YES_NO,
    nameTh: 'มี / ไม่มี',
    options: [
      { code: 'Y', labelTh: 'มี', score: '100' },
      { code: 'N', labelTh: 'ไม่มี', score: '0' },
    ],
  },
]);

// ---------------------------------------------------------------------------------------------------------
// Questions

/** A text, or a negatively worded text whose option scores are mirrored. */
type Text = string | { readonly textTh: string; readonly reversed: true };

const neg = (textTh: string): Text => ({ textTh, reversed: true });

function question(
  tool: 'IIT' | 'EIT',
  code: string,
  indicator: IndicatorNumber,
  text: Text,
  subItems: readonly Text[] = [],
  scale: string = FOUR_LEVEL,
): SurveyQuestion {
  const item = (t: Text, itemCode: string): SurveyItem =>
    typeof t === 'string' ? { code: itemCode, textTh: t, scale } : { code: itemCode, textTh: t.textTh, scale, reversed: true };
  return {
    code,
    tool,
    indicator,
    textTh: typeof text === 'string' ? text : text.textTh,
    items: subItems.length ? subItems.map((t, i) => item(t, `${code}.${i + 1}`)) : [item(text, code)],
  };
}

const iit = (n: number, indicator: IndicatorNumber, text: Text, subItems?: readonly Text[], scale?: string) =>
  question('IIT', `i${n}`, indicator, text, subItems, scale);

/** The three things asked about in i4–i6 (each "มี" is the bad answer). */
const BENEFITS = [
  'เงิน',
  'ทรัพย์สิน',
  'ประโยชน์อื่น ๆ ที่อาจคำนวณเป็นเงินได้ เช่น การลดราคา การรับความบันเทิง เป็นต้น',
].map(neg);

/**
 * The IIT questionnaire of the NACC 2564 form (§2.1), as in Suan Dusit University's copy (SRC.sduForm): 30
 * questions, 51 answerable items. Sub-items ans_iNN01, ans_iNN02 … of the form are items "iN.1", "iN.2" ….
 * `reversed` where the form codes the options 100/67/33/0 (or มี = 0). The form's remarks (หมายเหตุ), kept here
 * for reference since the catalogue has no field for them:
 * - i4: เป็นการเรียกรับที่นอกเหนือจากที่กฎหมายกำหนดให้รับได้ เช่น ค่าธรรมเนียม ค่าบริการ ค่าปรับ เป็นต้น
 * - i27: หากท่านเห็นว่าหน่วยงานของท่านไม่มีปัญหาการทุจริตให้ตอบ "มากที่สุด"
 * - i28: หากหน่วยงานของท่านไม่มีการทุจริต จึงทำให้ไม่มีการลงโทษทางวินัย ให้ตอบ "มากที่สุด"
 * - i29: ฝ่ายตรวจสอบภายใน หมายถึง ส่วนงานตรวจสอบภายในของหน่วยงาน ฝ่ายตรวจสอบภายนอก หมายถึง หน่วยงานที่มีอำนาจหน้าที่
 *   ตรวจสอบการดำเนินงานของหน่วยงานภาครัฐ เช่น สำนักงานการตรวจเงินแผ่นดิน สำนักงาน ป.ป.ช. สำนักงาน ป.ป.ท. เป็นต้น
 */
export const IIT_QUESTIONS_2564: readonly SurveyQuestion[] = deepFreeze([
  // ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่
  iit(1, 1, 'บุคลากรในหน่วยงานของท่าน ปฏิบัติงาน/ให้บริการแก่ผู้มาติดต่อ ตามประเด็นดังต่อไปนี้ มากน้อยเพียงใด', [
    'เป็นไปตามขั้นตอนที่กำหนด',
    'เป็นไปตามระยะเวลาที่กำหนด',
  ]),
  iit(
    2,
    1,
    'บุคลากรในหน่วยงานของท่าน ปฏิบัติงาน/ให้บริการ แก่ผู้มาติดต่อทั่ว ๆ ไป กับผู้มาติดต่อที่รู้จักเป็นการส่วนตัวอย่างเท่าเทียมกัน มากน้อยเพียงใด',
  ),
  iit(3, 1, 'บุคลากรในหน่วยงานของท่าน มีพฤติกรรมในการปฏิบัติงาน ตามประเด็นดังต่อไปนี้ อย่างไร', [
    'มุ่งผลสำเร็จของงาน',
    'ให้ความสำคัญกับงานมากกว่าธุระส่วนตัว',
    'พร้อมรับผิดชอบ หากความผิดพลาดเกิดจากตนเอง',
  ]),
  iit(
    4,
    1,
    'บุคลากรในหน่วยงานของท่าน มีการเรียกรับสิ่งดังต่อไปนี้ จากผู้มาติดต่อ เพื่อแลกกับการปฏิบัติงาน การอนุมัติ อนุญาต หรือให้บริการ หรือไม่',
    BENEFITS,
    YES_NO,
  ),
  iit(
    5,
    1,
    'นอกเหนือจากการรับจากญาติหรือจากบุคคล ที่ให้กันในโอกาสต่าง ๆ โดยปกติตามขนบธรรมเนียม ประเพณี หรือวัฒนธรรม หรือให้กันตามมารยาทที่ปฏิบัติกันในสังคมแล้ว บุคลากรในหน่วยงานของท่าน มีการรับสิ่งดังต่อไปนี้ หรือไม่',
    BENEFITS,
    YES_NO,
  ),
  iit(
    6,
    1,
    'บุคลากรในหน่วยงานของท่าน มีการให้สิ่งดังต่อไปนี้ แก่บุคคลภายนอกหรือภาคเอกชน เพื่อสร้างความสัมพันธ์ที่ดีและคาดหวังให้มีการตอบแทนในอนาคต หรือไม่',
    BENEFITS,
    YES_NO,
  ),
  // ตัวชี้วัดที่ 2 การใช้งบประมาณ
  iit(7, 2, 'ท่านรู้เกี่ยวกับแผนการใช้จ่ายงบประมาณประจำปี ของหน่วยงานของท่าน มากน้อยเพียงใด'),
  iit(8, 2, 'หน่วยงานของท่าน ใช้จ่ายงบประมาณ โดยคำนึงถึงประเด็นดังต่อไปนี้ มากน้อยเพียงใด', [
    'คุ้มค่า',
    'ไม่บิดเบือนวัตถุประสงค์ของงบประมาณที่ตั้งไว้',
  ]),
  iit(9, 2, neg('หน่วยงานของท่าน ใช้จ่ายงบประมาณเพื่อประโยชน์ส่วนตัว กลุ่ม หรือพวกพ้อง มากน้อยเพียงใด')),
  iit(
    10,
    2,
    neg(
      'บุคลากรในหน่วยงานของท่าน มีการเบิกจ่ายเงิน ที่เป็นเท็จ เช่น ค่าทำงานล่วงเวลา ค่าวัสดุอุปกรณ์ หรือค่าเดินทาง ฯลฯ มากน้อยเพียงใด',
    ),
  ),
  iit(
    11,
    2,
    'หน่วยงานของท่าน มีการจัดซื้อจัดจ้าง/การจัดหาพัสดุ และการตรวจรับพัสดุในลักษณะดังต่อไปนี้ มากน้อยเพียงใด',
    ['โปร่งใส ตรวจสอบได้', neg('เอื้อประโยชน์ให้ผู้ประกอบการรายใดรายหนึ่ง')],
  ),
  iit(
    12,
    2,
    'หน่วยงานของท่าน เปิดโอกาสให้ท่าน มีส่วนร่วม ในการตรวจสอบการใช้จ่ายงบประมาณ ตามประเด็นดังต่อไปนี้ มากน้อยเพียงใด',
    ['สอบถาม', 'ทักท้วง', 'ร้องเรียน'],
  ),
  // ตัวชี้วัดที่ 3 การใช้อำนาจ
  iit(13, 3, 'ท่านได้รับมอบหมายงานจากผู้บังคับบัญชาอย่างเป็นธรรม มากน้อยเพียงใด'),
  iit(14, 3, 'ท่านได้รับการประเมินผลการปฏิบัติงาน ตามระดับคุณภาพของผลงานอย่างถูกต้อง มากน้อยเพียงใด'),
  iit(
    15,
    3,
    'ผู้บังคับบัญชาของท่าน มีการคัดเลือกผู้เข้ารับการฝึกอบรม การศึกษาดูงาน หรือการให้ทุนการศึกษา อย่างเป็นธรรม มากน้อยเพียงใด',
  ),
  iit(16, 3, neg('ท่านเคยถูกผู้บังคับบัญชาสั่งการให้ทำธุระส่วนตัวของผู้บังคับบัญชา มากน้อยเพียงใด')),
  iit(17, 3, neg('ท่านเคยถูกผู้บังคับบัญชาสั่งการให้ทำในสิ่งที่ไม่ถูกต้อง หรือมีความเสี่ยงต่อการทุจริต มากน้อยเพียงใด')),
  iit(18, 3, 'การบริหารงานบุคคลของหน่วยงานของท่าน มีลักษณะดังต่อไปนี้ มากน้อยเพียงใด', [
    neg('ถูกแทรกแซงจากผู้มีอำนาจ'),
    neg('มีการซื้อขายตำแหน่ง'),
    neg('เอื้อประโยชน์ให้กลุ่มหรือพวกพ้อง'),
  ]),
  // ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ
  iit(
    19,
    4,
    neg('บุคลากรในหน่วยงานของท่าน มีการเอาทรัพย์สินของราชการ ไปเป็นของส่วนตัว หรือนำไปให้กลุ่มหรือพวกพ้อง มากน้อยเพียงใด'),
  ),
  iit(20, 4, 'ขั้นตอนการขออนุญาตเพื่อยืมทรัพย์สินของราชการ ไปใช้ปฏิบัติงานในหน่วยงานของท่าน มีความสะดวกมากน้อยเพียงใด'),
  iit(
    21,
    4,
    'ถ้าต้องมีการขอยืมทรัพย์สินของราชการ ไปใช้ปฏิบัติงาน บุคลากรในหน่วยงานของท่าน มีการขออนุญาตอย่างถูกต้อง มากน้อยเพียงใด',
  ),
  iit(
    22,
    4,
    neg(
      'บุคคลภายนอกหรือภาคเอกชน มีการนำทรัพย์สินของราชการไปใช้ โดยไม่ได้ขออนุญาตอย่างถูกต้อง จากหน่วยงานของท่าน มากน้อยเพียงใด',
    ),
  ),
  iit(23, 4, 'ท่านรู้แนวปฏิบัติของหน่วยงานของท่าน เกี่ยวกับการใช้ทรัพย์สินของราชการที่ถูกต้อง มากน้อยเพียงใด'),
  iit(
    24,
    4,
    'หน่วยงานของท่าน มีการกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ เพื่อป้องกันไม่ให้มีการนำไปใช้ประโยชน์ส่วนตัว กลุ่ม หรือพวกพ้อง มากน้อยเพียงใด',
  ),
  // ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต
  iit(25, 5, 'ผู้บริหารสูงสุดของหน่วยงานของท่าน ให้ความสำคัญ กับการต่อต้านการทุจริต มากน้อยเพียงใด'),
  iit(
    26,
    5,
    'หน่วยงานของท่าน มีการดำเนินการ ดังต่อไปนี้ หรือไม่',
    [
      'ทบทวนนโยบายหรือมาตรการป้องกันการทุจริตในหน่วยงานให้มีประสิทธิภาพ',
      'จัดทำแผนงานด้านการป้องกันและปราบปรามการทุจริตของหน่วยงาน',
    ],
    YES_NO,
  ),
  iit(27, 5, 'ปัญหาการทุจริตในหน่วยงานของท่าน ได้รับการแก้ไข มากน้อยเพียงใด'),
  iit(28, 5, 'หน่วยงานของท่าน มีการดำเนินการดังต่อไปนี้ ต่อการทุจริตในหน่วยงาน มากน้อยเพียงใด', [
    'เฝ้าระวังการทุจริต',
    'ตรวจสอบการทุจริต',
    'ลงโทษทางวินัย เมื่อมีการทุจริต',
  ]),
  iit(
    29,
    5,
    'หน่วยงานของท่าน มีการนำผลการตรวจสอบของฝ่ายตรวจสอบ ทั้งภายในและภายนอกหน่วยงานไปปรับปรุงการทำงาน เพื่อป้องกันการทุจริตในหน่วยงาน มากน้อยเพียงใด',
  ),
  iit(
    30,
    5,
    'หากท่านพบเห็นแนวโน้มการทุจริตที่จะเกิดขึ้นในหน่วยงานของท่าน ท่านมีความคิดเห็นต่อประเด็นดังต่อไปนี้ อย่างไร',
    [
      'สามารถร้องเรียนและส่งหลักฐานได้อย่างสะดวก',
      'สามารถติดตามผลการร้องเรียนได้',
      'มั่นใจว่าจะมีการดำเนินการอย่างตรงไปตรงมา',
      'มั่นใจว่าจะปลอดภัยและไม่มีผลกระทบต่อตนเอง',
    ],
  ),
]);

const eit = (n: number, indicator: IndicatorNumber, text: Text, scale?: string) =>
  question('EIT', `e${n}`, indicator, text, [], scale);

/**
 * EIT e1–e15: our own gists (§2.2), NOT the form's wording, which was not found (note `eit-questions-gist`).
 * e4 is a มี/ไม่มี question where มี is the bad answer, as §2.2 describes it.
 */
export const EIT_QUESTIONS_GIST: readonly SurveyQuestion[] = deepFreeze([
  // ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน
  eit(1, 6, 'เจ้าหน้าที่ปฏิบัติงานหรือให้บริการตามขั้นตอนและระยะเวลาที่กำหนด'),
  eit(2, 6, 'เจ้าหน้าที่ปฏิบัติงานหรือให้บริการแก่ผู้มาติดต่อทุกคนอย่างเท่าเทียมกัน'),
  eit(3, 6, 'เจ้าหน้าที่ให้ข้อมูลเกี่ยวกับการดำเนินการหรือการให้บริการอย่างชัดเจน'),
  eit(4, 6, neg('เจ้าหน้าที่เรียกรับเงิน ทรัพย์สิน หรือประโยชน์อื่นใด เพื่อแลกกับการปฏิบัติงานหรือการให้บริการ'), YES_NO),
  eit(5, 6, 'เจ้าหน้าที่ปฏิบัติงานโดยคำนึงถึงประโยชน์ของประชาชนและส่วนรวมเป็นหลัก'),
  // ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร
  eit(6, 7, 'ข้อมูลที่หน่วยงานเผยแพร่เข้าถึงได้ง่าย'),
  eit(7, 7, 'หน่วยงานเผยแพร่ข้อมูลผ่านช่องทางที่หลากหลาย'),
  eit(8, 7, 'หน่วยงานเผยแพร่ผลการดำเนินงานที่สาธารณชนควรรับทราบอย่างชัดเจน'),
  eit(9, 7, 'หน่วยงานมีช่องทางรับฟังคำติชมหรือเรื่องร้องเรียน และแจ้งผลให้ผู้มาติดต่อทราบ'),
  eit(10, 7, 'หน่วยงานสื่อสารเรื่องการป้องกันและต่อต้านการทุจริตให้ผู้มาติดต่อรับทราบ'),
  // ตัวชี้วัดที่ 8 การปรับปรุงการทำงาน
  eit(11, 8, 'หน่วยงานปรับปรุงคุณภาพการปฏิบัติงานหรือการให้บริการให้ดีขึ้น'),
  eit(12, 8, 'หน่วยงานปรับปรุงวิธีการและขั้นตอนการปฏิบัติงานหรือการให้บริการให้ง่ายขึ้น'),
  eit(13, 8, 'หน่วยงานนำเทคโนโลยีมาใช้ในการดำเนินงานหรือการให้บริการให้สะดวกรวดเร็วขึ้น'),
  eit(14, 8, 'หน่วยงานเปิดโอกาสให้ผู้รับบริการหรือผู้มีส่วนได้ส่วนเสียมีส่วนร่วมในการปรับปรุงการดำเนินงาน'),
  eit(15, 8, 'หน่วยงานปรับปรุงการดำเนินงานให้มีความโปร่งใสมากขึ้น'),
]);

/** The questions of a year that uses the 2564 IIT form and the EIT gists. */
export const QUESTIONS_2564_FORM: readonly SurveyQuestion[] = deepFreeze([...IIT_QUESTIONS_2564, ...EIT_QUESTIONS_GIST]);

// ---------------------------------------------------------------------------------------------------------
// OIT (§4)

type OitExtra = Pick<OitItem, 'period' | 'recurring'>;
export type OitEntry = readonly [code: string, titleTh: string, extra?: OitExtra];

/** Items listed under one heading. */
export function oitGroup(
  indicator: 9 | 10,
  subIndicator: string | undefined,
  groupTh: string,
  entries: readonly OitEntry[],
): OitItem[] {
  return entries.map(([code, titleTh, extra]) => ({
    code,
    titleTh,
    groupTh,
    indicator,
    ...(subIndicator ? { subIndicator } : {}),
    ...extra,
  }));
}

/** The item of `list` with this code (throws when absent, so a typo cannot slip into a catalogue). */
export function oitItem(list: readonly OitItem[], code: string): OitItem {
  const found = list.find((i) => i.code === code);
  if (!found) throw new Error(`no OIT item ${code}`);
  return found;
}

export const OIT_SUB_INDICATORS: readonly OitSubIndicator[] = deepFreeze([
  { code: '9.1', indicator: 9, nameTh: 'ข้อมูลพื้นฐาน' },
  { code: '9.2', indicator: 9, nameTh: 'การบริหารงาน' },
  { code: '9.3', indicator: 9, nameTh: 'การบริหารเงินงบประมาณ' },
  { code: '9.4', indicator: 9, nameTh: 'การบริหารและพัฒนาทรัพยากรบุคคล' },
  { code: '9.5', indicator: 9, nameTh: 'การส่งเสริมความโปร่งใส' },
  { code: '10.1', indicator: 10, nameTh: 'การดำเนินการเพื่อป้องกันการทุจริต' },
  { code: '10.2', indicator: 10, nameTh: 'มาตรการภายในเพื่อป้องกันการทุจริต' },
]);

const SIX_MONTHLY: OitExtra = { recurring: 'six-monthly' };
const MONTHLY: OitExtra = { recurring: 'monthly' };

/** The NACC list of 2563–2565: 43 items O1–O43 (§4.1), sub-indicator sizes 9/8/7/4/5 and 8/2. */
export const OIT_ITEMS_43: readonly OitItem[] = deepFreeze([
  // 9.1 ข้อมูลพื้นฐาน
  ...oitGroup(9, '9.1', 'ข้อมูลพื้นฐาน', [
    ['O1', 'โครงสร้าง'],
    ['O2', 'ข้อมูลผู้บริหาร'],
    ['O3', 'อำนาจหน้าที่'],
    ['O4', 'แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน'],
    ['O5', 'ข้อมูลการติดต่อ'],
    ['O6', 'กฎหมายที่เกี่ยวข้อง'],
  ]),
  ...oitGroup(9, '9.1', 'การประชาสัมพันธ์', [['O7', 'ข่าวประชาสัมพันธ์']]),
  ...oitGroup(9, '9.1', 'การปฏิสัมพันธ์ข้อมูล', [
    ['O8', 'Q&A'],
    ['O9', 'Social Network'],
  ]),
  // 9.2 การบริหารงาน
  ...oitGroup(9, '9.2', 'การดำเนินงาน', [
    ['O10', 'แผนดำเนินงานประจำปี'],
    ['O11', 'รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ 6 เดือน', SIX_MONTHLY],
    ['O12', 'รายงานผลการดำเนินงานประจำปี'],
  ]),
  ...oitGroup(9, '9.2', 'การปฏิบัติงาน', [['O13', 'คู่มือหรือมาตรฐานการปฏิบัติงาน']]),
  ...oitGroup(9, '9.2', 'การให้บริการ', [
    ['O14', 'คู่มือหรือมาตรฐานการให้บริการ'],
    ['O15', 'ข้อมูลเชิงสถิติการให้บริการ'],
    ['O16', 'รายงานผลการสำรวจความพึงพอใจการให้บริการ'],
    ['O17', 'E–Service'],
  ]),
  // 9.3 การบริหารเงินงบประมาณ
  ...oitGroup(9, '9.3', 'แผนการใช้จ่ายงบประมาณประจำปี', [
    ['O18', 'แผนการใช้จ่ายงบประมาณประจำปี'],
    ['O19', 'รายงานการกำกับติดตามการใช้จ่ายงบประมาณประจำปี รอบ 6 เดือน', SIX_MONTHLY],
    ['O20', 'รายงานผลการใช้จ่ายงบประมาณประจำปี'],
  ]),
  ...oitGroup(9, '9.3', 'การจัดซื้อจัดจ้างหรือการจัดหาพัสดุ', [
    ['O21', 'แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ'],
    ['O22', 'ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ'],
    ['O23', 'สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน', MONTHLY],
    ['O24', 'รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี'],
  ]),
  // 9.4 การบริหารและพัฒนาทรัพยากรบุคคล
  ...oitGroup(9, '9.4', 'การบริหารและพัฒนาทรัพยากรบุคคล', [
    ['O25', 'นโยบายการบริหารทรัพยากรบุคคล'],
    ['O26', 'การดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล'],
    ['O27', 'หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล'],
    ['O28', 'รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี'],
  ]),
  // 9.5 การส่งเสริมความโปร่งใส
  ...oitGroup(9, '9.5', 'การจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ', [
    ['O29', 'แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ'],
    ['O30', 'ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ'],
    ['O31', 'ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบประจำปี'],
  ]),
  ...oitGroup(9, '9.5', 'การเปิดโอกาสให้เกิดการมีส่วนร่วม', [
    ['O32', 'ช่องทางการรับฟังความคิดเห็น'],
    ['O33', 'การเปิดโอกาสให้เกิดการมีส่วนร่วม'],
  ]),
  // 10.1 การดำเนินการเพื่อป้องกันการทุจริต
  ...oitGroup(10, '10.1', 'เจตจำนงสุจริตของผู้บริหาร', [
    ['O34', 'เจตจำนงสุจริตของผู้บริหาร'],
    ['O35', 'การมีส่วนร่วมของผู้บริหาร'],
  ]),
  ...oitGroup(10, '10.1', 'การประเมินความเสี่ยงเพื่อการป้องกันการทุจริต', [
    ['O36', 'การประเมินความเสี่ยงการทุจริตประจำปี'],
    ['O37', 'การดำเนินการเพื่อจัดการความเสี่ยงการทุจริต'],
  ]),
  ...oitGroup(10, '10.1', 'การเสริมสร้างวัฒนธรรมองค์กร', [['O38', 'การเสริมสร้างวัฒนธรรมองค์กร']]),
  ...oitGroup(10, '10.1', 'แผนป้องกันการทุจริต', [
    ['O39', 'แผนปฏิบัติการป้องกันการทุจริต'],
    ['O40', 'รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน', SIX_MONTHLY],
    ['O41', 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปี'],
  ]),
  // 10.2 มาตรการภายในเพื่อป้องกันการทุจริต
  ...oitGroup(10, '10.2', 'มาตรการส่งเสริมความโปร่งใสและป้องกันการทุจริตภายในหน่วยงาน', [
    ['O42', 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน'],
    ['O43', 'การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน'],
  ]),
]);

// ---------------------------------------------------------------------------------------------------------
// Grade rules (§5)

/** Legacy Rating Score, FY 2562–2565 (SRC.sme2565). */
export const BAND_RULE: BandGradeRule = deepFreeze({
  kind: 'bands',
  bands: [
    { grade: 'AA', min: '95' },
    { grade: 'A', min: '85' },
    { grade: 'B', min: '75' },
    { grade: 'C', min: '65' },
    { grade: 'D', min: '55' },
    { grade: 'E', min: '50' },
    { grade: 'F', min: '0' },
  ],
});

/** Labels from FY 2566 (NACC board resolution 8 Jun 2566), conditions as in University of Phayao's code. */
export const LABEL_RULE: LabelGradeRule = deepFreeze({
  kind: 'labels',
  levels: [
    { label: 'ผ่านดีเยี่ยม', minOverall: '95', minEveryTool: '95' },
    { label: 'ผ่านดี', minOverall: '85', minEveryTool: '85' },
    { label: 'ผ่าน', minOverall: '85' },
  ],
  unconfirmedBelowPass: [
    { label: 'ต้องปรับปรุง', minOverall: '70' },
    { label: 'ต้องปรับปรุงโดยด่วน', minOverall: '0' },
  ],
  eitPartsCountAsTools: true,
});

/** What every year from 2564 to 2568 shares: the indicators, pass mark, decimals, answer scales and questions. */
export const YEAR_FRAME = deepFreeze({
  indicators: INDICATORS,
  passMark: PASS_MARK,
  decimals: DECIMALS,
  scales: SCALES,
  questions: QUESTIONS_2564_FORM,
});

/** From FY 2566: EIT in two parts and the rating labels. */
export const LABEL_YEAR_FRAME = deepFreeze({ ...YEAR_FRAME, tools: TOOLS_EIT_PARTS, gradeRule: LABEL_RULE });

// ---------------------------------------------------------------------------------------------------------
// Notes carried by more than one year

export const NOTE_ROUNDING: CriteriaNote = deepFreeze({
  id: 'rounding-2dp',
  certainty: 'inferred',
  topics: ['rounding'],
  th:
    'ระบบปัดคะแนนเป็นทศนิยม 2 ตำแหน่ง (ปัดเศษครึ่งขึ้น) ก่อนเทียบกับเกณฑ์ เนื่องจากสำนักงาน ป.ป.ช. ประกาศคะแนนเป็นทศนิยม ' +
    '2 ตำแหน่งและช่วงคะแนนแต่ละระดับสิ้นสุดที่ .99 แต่ยังไม่พบข้อกำหนดเรื่องการปัดเศษโดยตรง',
  en:
    'Scores are rounded half-up to 2 decimals before they are compared with thresholds: the NACC publishes scores ' +
    'to 2 decimals and its bands end at .99, but no rule on rounding was found.',
  sources: [SRC.sme2565, SRC.report2564Group],
});

export const NOTE_TOOL_MEANS: CriteriaNote = deepFreeze({
  id: 'tool-from-indicators',
  certainty: 'inferred',
  topics: ['indicators'],
  th:
    'คะแนน IIT และ EIT คิดจากค่าเฉลี่ยของตัวชี้วัดในเครื่องมือนั้น และคะแนน OIT คิดจากค่าเฉลี่ยของตัวชี้วัดที่ 9 และ 10 ' +
    'วิธีนี้คำนวณได้ตรงกับคะแนนที่ประกาศในรายงานผลปี 2564 แต่ยังไม่พบสูตรในคู่มือของสำนักงาน ป.ป.ช.',
  en:
    'IIT and EIT scores are the mean of their indicators, and OIT the mean of indicators 9 and 10. This reproduces ' +
    'the scores published in the 2564 reports, but no NACC manual stating it was found.',
  sources: [SRC.report2564Group, SRC.report2564Group2],
});

export const NOTE_QUESTION_MEANS: CriteriaNote = deepFreeze({
  id: 'indicator-from-questions',
  certainty: 'inferred',
  topics: ['questions'],
  th:
    'คะแนนตัวชี้วัดของ IIT และ EIT คิดจากค่าเฉลี่ยของคะแนนรายข้อ โดยข้อที่มีข้อย่อยใช้ค่าเฉลี่ยของข้อย่อยก่อน ' +
    'การเฉลี่ยข้อย่อยยืนยันได้จากสำเนาแบบวัดปี 2564 ส่วนการเฉลี่ยรายข้อเป็นคะแนนตัวชี้วัดเป็นการอนุมานจากคำอธิบายทั่วไป ' +
    'ยังไม่พบสูตรในคู่มือของสำนักงาน ป.ป.ช.',
  en:
    'IIT and EIT indicator scores are the mean of their question scores, a question with sub-items scoring the mean ' +
    'of its sub-items. Sub-item averaging is confirmed by the copy of the 2564 form; averaging questions into the ' +
    'indicator is inferred from general descriptions, not from an NACC manual.',
  sources: [SRC.sduForm, SRC.sduController],
});

export const NOTE_SCALE_MIDPOINTS: CriteriaNote = deepFreeze({
  id: 'answer-scale-midpoints',
  certainty: 'inferred',
  topics: ['answer-scales'],
  th:
    'สำเนาแบบวัด IIT ปี 2564 ของมหาวิทยาลัยสวนดุสิตให้คะแนนระดับ "น้อย" และ "มาก" เป็น 33 และ 67 ระบบนี้ใช้ 33.33 และ 66.67 ' +
    '(หนึ่งในสามและสองในสามของ 100) คะแนนจึงอาจต่างจากระบบที่ใช้ 33 และ 67 เล็กน้อย',
  en:
    "Suan Dusit University's copy of the 2564 IIT form scores the middle levels (น้อย, มาก) as 33 and 67; we use 33.33 " +
    'and 66.67 (one and two thirds of 100), so scores may differ slightly from systems that use 33 and 67.',
  sources: [SRC.sduForm],
});

export const NOTE_EIT_GIST: CriteriaNote = deepFreeze({
  id: 'eit-questions-gist',
  certainty: 'not-found',
  topics: ['questions'],
  th:
    'ไม่พบข้อความคำถามของแบบวัด EIT ข้อ e1–e15 ในระบบนี้เป็นสาระโดยสรุปจากความรู้ทั่วไปเกี่ยวกับแบบวัดปี 2562–2565 ' +
    '(ตัวชี้วัดละ 5 ข้อ ข้อ e4 ตอบว่า มี/ไม่มี) ไม่ใช่ถ้อยคำในแบบวัดจริง และยังไม่ได้ยืนยันจำนวนข้อ',
  en:
    'The EIT question texts were not found. e1–e15 are our own summaries from general knowledge of the 2562–2565 ' +
    'forms (5 per indicator, e4 answered มี/ไม่มี), not the form wording; the number of questions is not confirmed.',
  sources: [SRC.manual2564],
});

/** The notes every year carries. */
export const NOTES_ALL_YEARS: readonly CriteriaNote[] = deepFreeze([
  NOTE_TOOL_MEANS,
  NOTE_QUESTION_MEANS,
  NOTE_SCALE_MIDPOINTS,
  NOTE_EIT_GIST,
  NOTE_ROUNDING,
]);

const IIT_FORM_TH =
  'คำถาม IIT ยืนยันได้เฉพาะแบบวัดปี 2564 (30 ข้อ) ยังไม่พบแบบวัดของปีนี้ จึงถือว่าใช้ชุดคำถามเดียวกันโดยอนุมาน';
const IIT_FORM_EN =
  "The IIT questions are confirmed only for the 2564 form (30 questions); this year's form was not found, so it is " +
  'assumed to use the same questions.';

export const NOTE_IIT_FORM: CriteriaNote = deepFreeze({
  id: 'iit-form-2564',
  certainty: 'inferred',
  topics: ['questions'],
  th: IIT_FORM_TH,
  en: IIT_FORM_EN,
  sources: [SRC.sduForm],
});

/** 2567 has one more piece of evidence: an OBEC page shows an IIT of 30 questions. */
export const NOTE_IIT_FORM_2567: CriteriaNote = deepFreeze({
  ...NOTE_IIT_FORM,
  th: `${IIT_FORM_TH} ทั้งนี้หน้าเว็บของหน่วยงานสังกัด สพฐ. ปี 2567 ระบุว่าแบบวัด IIT มี 30 ข้อ ซึ่งสอดคล้องกัน`,
  en: `${IIT_FORM_EN} An OBEC page for 2567 shows an IIT of 30 questions, which is consistent.`,
  sources: [SRC.sduForm, SRC.obecIit2567],
});

export const NOTE_WEIGHTS: CriteriaNote = deepFreeze({
  id: 'weights-assumed',
  certainty: 'inferred',
  topics: ['weights'],
  th:
    'น้ำหนัก IIT ร้อยละ 30 EIT ร้อยละ 30 และ OIT ร้อยละ 40 ยืนยันได้จากรายงานผลปี 2564 แต่ยังไม่พบเอกสารของสำนักงาน ป.ป.ช. ' +
    'ที่ระบุน้ำหนักของปีนี้ จึงใช้น้ำหนักเดิม (โปรแกรมของมหาวิทยาลัยพะเยาและหน้าเว็บหน่วยงานสังกัด สพฐ. ใช้น้ำหนักเดียวกัน)',
  en:
    'The IIT 30% / EIT 30% / OIT 40% weights are confirmed by the 2564 reports, but no NACC document stating the ' +
    "weights of this year was found, so the same weights are used (University of Phayao's code and OBEC pages use them too).",
  sources: [SRC.report2564Group, SRC.phayaoCode, SRC.obecIit2567, SRC.obecOit2567],
});

export const NOTE_EIT_PARTS_WEIGHT: CriteriaNote = deepFreeze({
  id: 'eit-parts-weight',
  certainty: 'not-found',
  topics: ['eit-parts', 'weights'],
  th: 'ไม่พบวิธีแบ่งน้ำหนัก EIT ร้อยละ 30 ระหว่างส่วนที่ 1 และส่วนที่ 2 ระบบนี้ใช้ค่าเฉลี่ยของทั้งสองส่วนเป็นคะแนน EIT',
  en: 'How the 30% EIT weight is split between part 1 and part 2 was not found; we take the mean of the two parts as the EIT score.',
  sources: [SRC.thamaikan2566, SRC.calendar2566],
});

export const NOTE_EIT_PART_2: CriteriaNote = deepFreeze({
  id: 'eit-part-2-method',
  certainty: 'inferred',
  topics: ['eit-parts'],
  th:
    'EIT ส่วนที่ 1 ผู้มีส่วนได้ส่วนเสียตอบเองผ่านช่องทาง (ลิงก์หรือ QR Code) ที่หน่วยงานเผยแพร่ ส่วน EIT ส่วนที่ 2 ' +
    'สันนิษฐานว่าสำนักงาน ป.ป.ช. เก็บข้อมูลจากรายชื่อผู้มีส่วนได้ส่วนเสียที่หน่วยงานนำเข้าระบบ',
  en:
    'EIT part 1 is answered by stakeholders through the channels (link or QR code) the agency publishes; part 2 is ' +
    'presumably collected by the NACC from the stakeholder list the agency imports.',
  sources: [SRC.calendar2566],
});

export const NOTE_EIT_PARTS_CONTINUED: CriteriaNote = deepFreeze({
  id: 'eit-parts-continued',
  certainty: 'inferred',
  topics: ['eit-parts', 'grade'],
  th:
    'การแบ่ง EIT เป็นส่วนที่ 1 และส่วนที่ 2 และการนับแต่ละส่วนเป็นเครื่องมือหนึ่งในการจัดระดับ ยืนยันได้สำหรับปี 2566 ' +
    'ปีนี้ถือว่ายังใช้เช่นเดิมโดยอนุมาน',
  en:
    'The split of EIT into part 1 and part 2, each counting as a tool for the rating, is confirmed for 2566; this ' +
    'year is assumed to keep it.',
  sources: [SRC.thamaikan2566, SRC.phayaoCode],
});

export const NOTE_LABEL_MAPPING: CriteriaNote = deepFreeze({
  id: 'grade-label-mapping',
  certainty: 'inferred',
  topics: ['grade'],
  th:
    'สำนักงาน ป.ป.ช. เปลี่ยนการจัดระดับผลการประเมินตามมติคณะกรรมการ ป.ป.ช. เมื่อวันที่ 8 มิถุนายน 2566 เงื่อนไขของแต่ละระดับ ' +
    '(ผ่านดีเยี่ยม: คะแนนรวมและทุกเครื่องมือตั้งแต่ 95 ขึ้นไป; ผ่านดี: ตั้งแต่ 85 ขึ้นไป; ผ่าน: คะแนนรวมตั้งแต่ 85 ' +
    'แต่มีบางเครื่องมือต่ำกว่า 85) นำมาจากโปรแกรมของมหาวิทยาลัยพะเยา และสอดคล้องกับประกาศผลของเทศบาลตำบลท่าไม้ปี 2566 ' +
    'แต่ยังไม่พบคู่มือของสำนักงาน ป.ป.ช. ที่ระบุเงื่อนไขโดยตรง',
  en:
    'The NACC changed its rating by board resolution of 8 Jun 2566. The level conditions (ผ่านดีเยี่ยม: overall and ' +
    'every tool ≥ 95; ผ่านดี: ≥ 85; ผ่าน: overall ≥ 85 with some tool below 85) come from University of Phayao\'s ' +
    "code and match เทศบาลตำบลท่าไม้'s 2566 result statement; no NACC manual stating them was found.",
  sources: [SRC.rating2566, SRC.rating2566Local, SRC.phayaoCode, SRC.thamaikan2566],
});

export const NOTE_BELOW_PASS: CriteriaNote = deepFreeze({
  id: 'grade-below-pass-names',
  certainty: 'not-found',
  topics: ['grade'],
  th:
    'ไม่พบชื่อระดับของคะแนนต่ำกว่า 85 ในเอกสารของสำนักงาน ป.ป.ช. ชื่อ "ต้องปรับปรุง" (70–84.99) และ ' +
    '"ต้องปรับปรุงโดยด่วน" (0–69.99) พบเฉพาะในโปรแกรมของมหาวิทยาลัยพะเยา ส่วนข่าวระบุเพียงว่า "ไม่ผ่าน" ' +
    'ระบบจึงแสดงว่าไม่ผ่านเกณฑ์โดยไม่ระบุชื่อระดับ',
  en:
    'The names of the levels below 85 were not found in an NACC source: ต้องปรับปรุง (70–84.99) and ' +
    "ต้องปรับปรุงโดยด่วน (0–69.99) appear only in University of Phayao's code, and the press just says ไม่ผ่าน " +
    '(fail). We report a fail without a level name.',
  sources: [SRC.phayaoCode, SRC.rating2566],
});

/** Notes on the EIT parts and the labels, carried from FY 2566 on. */
export const NOTES_LABEL_YEARS: readonly CriteriaNote[] = deepFreeze([
  NOTE_WEIGHTS,
  NOTE_EIT_PARTS_WEIGHT,
  NOTE_EIT_PART_2,
  NOTE_LABEL_MAPPING,
  NOTE_BELOW_PASS,
]);

/** Sources on the FY 2566 rating change, cited by every year from 2566. */
export const SOURCES_LABEL_YEARS: readonly string[] = deepFreeze([
  SRC.rating2566,
  SRC.rating2566Local,
  SRC.thamaikan2566,
  SRC.phayaoCode,
]);
