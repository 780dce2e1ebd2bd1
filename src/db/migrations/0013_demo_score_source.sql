-- Scores may come from the demo (issue 13, point 3): the made-up FY 2569 scores of อบต.ห้วยทอง (src/demo/huai-thong.ts)
-- carry the source 'demo', which the staff pages and the API show as "ข้อมูลตัวอย่าง (สมมติ)".
ALTER TABLE fiscal_years DROP CONSTRAINT fiscal_years_score_source_check;
ALTER TABLE fiscal_years ADD CONSTRAINT fiscal_years_score_source_check CHECK (score_source IN ('itas', 'survey', 'manual', 'demo'));
