-- 360 deterministic orders spread over all customers (same arithmetic generator as the customers).
INSERT INTO orders (customer_id, amount, status, created_at)
SELECT 1 + (n * 17) % 120,
       round(5 + ((n * 7919) % 49500) / 100.0, 2),
       (ARRAY['pending', 'paid', 'shipped', 'refunded'])[1 + (n * 3 + n / 7) % 4],
       timestamptz '2024-03-01 08:00:00+00' + (n * interval '19 hours 23 minutes')
FROM generate_series(1, 360) AS n
ORDER BY n;

ANALYZE customers;
ANALYZE orders;
