-- 120 deterministic customers. The generator is arithmetic on the row number (multiplications by primes
-- modulo the list sizes), so every fresh database holds exactly the same rows on every machine and
-- PostgreSQL version: demos, docs and tests can rely on them.

-- Luhn check digit of a digit string (ISO/IEC 7812-1 annex B): from the right, every first, third, ...
-- digit of the payload is doubled (minus 9 when above 9), and the check digit tops the sum up to a
-- multiple of 10. Used only while seeding and dropped afterwards.
CREATE FUNCTION pg_temp.luhn_check_digit(payload text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT ((10 - sum(CASE WHEN pos % 2 = 1
                           THEN (CASE WHEN digit * 2 > 9 THEN digit * 2 - 9 ELSE digit * 2 END)
                           ELSE digit END) % 10) % 10)::text
    FROM (SELECT substr(reverse(payload), pos, 1)::int AS digit, pos
          FROM generate_series(1, length(payload)) AS pos) AS digits
$$;

INSERT INTO customers (full_name, email, phone, ssn, card_number, created_at)
SELECT first_name || ' ' || last_name,
       lower(first_name) || '.' || lower(last_name) || '.' || n || '@example.com',
       '+1-555-01' || lpad((n % 100)::text, 2, '0'),
       (900 + (n * 7) % 100)::text || '-' || lpad((1 + (n * 37) % 99)::text, 2, '0')
           || '-' || lpad((1 + (n * 7919) % 9999)::text, 4, '0'),
       card_payload || pg_temp.luhn_check_digit(card_payload),
       timestamptz '2024-01-01 09:00:00+00' + (n * interval '2 days 3 hours 17 minutes')
FROM (
    SELECT n,
           (ARRAY['Ada', 'Ben', 'Cleo', 'Dev', 'Eve', 'Finn', 'Gus', 'Hana', 'Ivo', 'Jade',
                  'Kai', 'Lena', 'Milo', 'Nia', 'Otto', 'Pia', 'Quinn', 'Rosa', 'Sami', 'Tess'])[1 + (n * 7) % 20] AS first_name,
           (ARRAY['Sample', 'Testwell', 'Fakeley', 'Demoson', 'Mockridge', 'Placeholder', 'Dummer',
                  'Specimen', 'Exampleton', 'Fictive', 'Madeup', 'Notreal', 'Stubbs', 'Seedling'])[1 + (n * 11) % 14] AS last_name,
           '4000' || lpad(((n::bigint * 2654435761) % 100000000000)::text, 11, '0') AS card_payload
    FROM generate_series(1, 120) AS n
) AS generated
ORDER BY n;
