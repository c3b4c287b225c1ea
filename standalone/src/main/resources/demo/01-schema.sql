-- Demo target database for Sluice standalone: a small shop whose customers table carries PII-like
-- columns (email, phone, SSN, card number) so that masking and denial rules have something to act on.
-- Every value is synthetic: example.com addresses, 555-01xx phone numbers (reserved for fiction),
-- SSNs in the never-issued 9xx area, card numbers in the 4000 test range with a valid Luhn digit.

CREATE TABLE customers (
    id          serial PRIMARY KEY,
    full_name   text        NOT NULL,
    email       text        NOT NULL UNIQUE,
    phone       text        NOT NULL,
    ssn         char(11)    NOT NULL CHECK (ssn ~ '^[0-9]{3}-[0-9]{2}-[0-9]{4}$'),
    card_number char(16)    NOT NULL CHECK (card_number ~ '^[0-9]{16}$'),
    created_at  timestamptz NOT NULL
);

CREATE TABLE orders (
    id          serial PRIMARY KEY,
    customer_id integer       NOT NULL REFERENCES customers (id),
    amount      numeric(10,2) NOT NULL CHECK (amount > 0),
    status      text          NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'refunded')),
    created_at  timestamptz   NOT NULL
);

CREATE INDEX orders_customer_id_idx ON orders (customer_id);

COMMENT ON TABLE customers IS 'Synthetic demo customers: every name, email, phone, SSN and card number is fake.';
COMMENT ON TABLE orders IS 'Synthetic demo orders.';
