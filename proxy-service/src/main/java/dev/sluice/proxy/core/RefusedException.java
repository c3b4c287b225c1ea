package dev.sluice.proxy.core;

import java.util.Objects;

/**
 * A refusal raised anywhere in a connection's lifecycle; the protocol frontend turns it into its own wire
 * error in one place ({@link ProtocolConnection#refuse(Throwable)}). Messages are shown to the client, so they
 * never contain credentials or tokens.
 */
public final class RefusedException extends RuntimeException {
    private final RefusalKind kind;
    private final String reasonCode;

    public RefusedException(RefusalKind kind, String message) {
        this(kind, kind.name().toLowerCase(java.util.Locale.ROOT), message);
    }

    /**
     * @param reasonCode a short fixed category for metrics and audit (e.g. {@code expired}), never user input
     */
    public RefusedException(RefusalKind kind, String reasonCode, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reasonCode = Objects.requireNonNull(reasonCode, "reasonCode");
    }

    /** A short fixed category of the refusal. */
    public String reasonCode() {
        return reasonCode;
    }

    /** The protocol-neutral reason class. */
    public RefusalKind kind() {
        return kind;
    }
}
