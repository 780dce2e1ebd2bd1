/**
 * Demo input for `prongsai demo` (what `npm start` runs until the web app exists): a real published result, so
 * that what the demo prints can be checked against the NACC's own figure.
 */
export const DEMO = {
  year: 2564,
  titleTh: 'ตัวอย่าง: ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2564 ของหน่วยงานทั้งหมดในจังหวัดตราด (รวมทั้งจังหวัด)',
  sourceTh: 'ที่มา: รายงานผลการประเมิน ITA 2564 รายภาค ของสำนักงาน ป.ป.ช. (คะแนนรวมที่เผยแพร่ 81.45)',
  indicators: { 1: '93.55', 2: '87.72', 3: '91.01', 4: '87.93', 5: '89.52', 6: '90.55', 7: '88.68', 8: '88.58', 9: '72.89', 10: '65.56' },
} as const;
