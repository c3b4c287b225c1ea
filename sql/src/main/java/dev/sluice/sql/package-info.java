/** PostgreSQL-exact lexing, statement splitting and normalization (plain Java, no Spring). */
package dev.sluice.sql;
