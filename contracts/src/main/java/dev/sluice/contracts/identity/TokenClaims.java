package dev.sluice.contracts.identity;

/** Claim names and fixed values of Sluice gateway tokens (JWT, RFC 7519). */
public final class TokenClaims {
    /** The audience every Sluice token carries and every service requires. */
    public static final String AUDIENCE = "sluice";
    /** Array of group names. */
    public static final String GROUPS = "groups";
    /** {@code human} or {@code service}. */
    public static final String KIND = "kind";
    /** Owning team of a service identity. */
    public static final String TEAM = "team";

    private TokenClaims() {}
}
