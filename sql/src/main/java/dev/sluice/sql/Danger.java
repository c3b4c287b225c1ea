package dev.sluice.sql;

import java.util.Locale;

/**
 * A fact about a statement that lets it escape what its class suggests: run hidden code, reach the server's
 * file system or network, or change whose privileges or which objects later statements use.
 */
public enum Danger {
    /** {@code DO} runs an anonymous code block. */
    DO,
    /** {@code EXECUTE} runs a prepared statement whose text is not in this message. */
    EXECUTE,
    /** {@code PREPARE name AS ...} defines a statement run later by name. */
    PREPARE,
    /** {@code CALL} runs a procedure. */
    CALL,
    /** A {@code dblink*} function: connections to other servers. */
    DBLINK,
    /** A {@code query_to_xml*} function: runs a query given as a string. */
    QUERY_TO_XML,
    /** Server file access: pg_read_file, pg_read_binary_file, pg_stat_file, pg_ls_*, lo_import, lo_export. */
    SERVER_FILE,
    /** {@code set_config()}: changes settings (role-independent ones such as search_path) from a query. */
    SET_CONFIG,
    /** {@code COPY ... PROGRAM} runs a shell command on the server. */
    COPY_PROGRAM,
    /** {@code COPY ... TO/FROM 'file'} reads or writes a server file. */
    COPY_FILE,
    /** {@code SET ROLE}. */
    SET_ROLE,
    /** {@code SET SESSION AUTHORIZATION}. */
    SET_SESSION_AUTHORIZATION,
    /** {@code SET search_path} or {@code SET SCHEMA}: changes which objects unqualified names resolve to. */
    SET_SEARCH_PATH,
    /**
     * {@code SET standard_conforming_strings} or {@code backslash_quote}: changes how string literals are read,
     * so the gateway could read a statement differently from the server.
     */
    SET_STRING_SYNTAX,
    /** {@code SET session_replication_role}: switches off triggers, including foreign-key enforcement. */
    SET_REPLICATION_ROLE,
    /** {@code ALTER SYSTEM} rewrites server configuration. */
    ALTER_SYSTEM,
    /** {@code LOAD} loads a shared library into the server. */
    LOAD;

    /** The lower-case name used in policy files, e.g. {@code copy_program}. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
