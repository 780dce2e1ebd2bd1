-- The six-month progress report on the measures (issue 15, point 5): รายงานความก้าวหน้าการดำเนินการตามมาตรการ
-- ส่งเสริมคุณธรรมและความโปร่งใส รอบ 6 เดือน (src/documents/progress.ts), the document kind 'measures-progress'. The
-- executive approves it like the other documents, and the portal publishes it like them.
ALTER TABLE approvals DROP CONSTRAINT approvals_subject_check;
ALTER TABLE approvals ADD CONSTRAINT approvals_subject_check CHECK (subject IN ('measures-plan', 'measures-report', 'analysis', 'measures-progress'));
ALTER TABLE publication_files DROP CONSTRAINT publication_files_doc_kind_check;
ALTER TABLE publication_files ADD CONSTRAINT publication_files_doc_kind_check CHECK (doc_kind IN ('measures-report', 'measures-plan', 'analysis', 'measures-progress'));
