package dev.sluice.proxy.core;

import java.util.Objects;

/**
 * A refusal raised anywhere in a connection's lifecycle; the protocol frontend turns it into its own wire
 * error in one place ({@link ProtocolConnection#refuse(Throwable)}). Messages are shown to the client, so they
 * never contain credentials or tokens.
 */
public final class RefusedException extends RuntimeException {
    private final RefusalKind kind;

    public RefusedException(RefusalKind kind, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The protocol-neutral reason class. */
    public RefusalKind kind() {
        return kind;
    }
}
