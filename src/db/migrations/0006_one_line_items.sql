-- A method, an action or a responsible label is one line (src/model/year.ts): the form and the spreadsheet give
-- one item per line, so an item with a line break came back from a spreadsheet as two. Items written before the
-- rule (through the API or a year's JSON) keep their words, with each line break made a space.
UPDATE measures
   SET methods = ARRAY(SELECT btrim(regexp_replace(x, '\s*[\r\n]+\s*', ' ', 'g')) FROM unnest(methods) WITH ORDINALITY AS u(x, n) ORDER BY n)
 WHERE array_to_string(methods, '') ~ '[\r\n]';
UPDATE measures
   SET actions = ARRAY(SELECT btrim(regexp_replace(x, '\s*[\r\n]+\s*', ' ', 'g')) FROM unnest(actions) WITH ORDINALITY AS u(x, n) ORDER BY n)
 WHERE array_to_string(actions, '') ~ '[\r\n]';
UPDATE measure_responsibles
   SET label_th = btrim(regexp_replace(label_th, '\s*[\r\n]+\s*', ' ', 'g'))
 WHERE label_th ~ '[\r\n]';
