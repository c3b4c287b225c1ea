package dev.sluice.contracts.decision;

/** What kind of command a decision is asked for. */
public enum CommandType {
    /** Opening a session to a connection. */
    CONNECT,
    /** A database statement (SQL text). */
    QUERY,
    /** A shell command or program execution. */
    EXEC,
    /** A Kubernetes API request. */
    K8S,
    /** An HTTP request to an internal service. */
    HTTP
}
