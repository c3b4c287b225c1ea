package dev.sluice.sql;

import java.util.Locale;

/** The broad class of a statement, the unit most policy rules are written in. */
public enum StatementClass {
    /** Reads data: SELECT, VALUES, TABLE, plain EXPLAIN, SHOW-free cursor reads (DECLARE, FETCH). */
    READ,
    /** Changes data: INSERT, UPDATE, DELETE, MERGE, TRUNCATE, SELECT INTO, data-modifying WITH. */
    WRITE,
    /** Changes schema objects: CREATE / ALTER / DROP of tables, indexes, functions, ... */
    DDL,
    /** Changes privileges and roles: GRANT, REVOKE, CREATE/ALTER/DROP ROLE, ... */
    DCL,
    /** COPY in either direction. */
    COPY,
    /** Transaction control: BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ... */
    TRANSACTION,
    /** Session state: SET, RESET, SHOW, DISCARD, DEALLOCATE, ... */
    SESSION,
    /** Maintenance and server-side utilities: VACUUM, ANALYZE, LOCK, CHECKPOINT, LOAD, ALTER SYSTEM, ... */
    UTILITY,
    /** Runs code whose content is not visible here: DO, EXECUTE, PREPARE, CALL. */
    DYNAMIC,
    /** Unlexable, unbalanced or unrecognized: fail closed. */
    UNKNOWN;

    /** The lower-case name used in policy files. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
