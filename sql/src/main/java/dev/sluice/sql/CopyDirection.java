package dev.sluice.sql;

/** Where a COPY statement moves data. */
public enum CopyDirection {
    /** Not a COPY statement. */
    NONE,
    /** {@code COPY ... TO STDOUT}: rows go to the client. */
    TO_STDOUT,
    /** {@code COPY ... FROM STDIN}: rows come from the client. */
    FROM_STDIN,
    /** {@code COPY ... TO 'file'}: the server writes a file. */
    TO_FILE,
    /** {@code COPY ... FROM 'file'}: the server reads a file. */
    FROM_FILE,
    /** {@code COPY ... TO PROGRAM}: the server pipes rows into a shell command. */
    TO_PROGRAM,
    /** {@code COPY ... FROM PROGRAM}: the server reads a shell command's output. */
    FROM_PROGRAM
}
