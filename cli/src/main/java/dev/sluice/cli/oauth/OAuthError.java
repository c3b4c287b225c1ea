package dev.sluice.cli.oauth;

/**
 * An error response of the token or device authorization endpoint (RFC 6749 section 5.2, RFC 8628 section 3.5).
 *
 * @param status      the HTTP status
 * @param code        {@code error}, e.g. {@code invalid_grant}
 * @param description {@code error_description}, or {@code null}
 */
public record OAuthError(int status, String code, String description) {

    /** One line for the user: the code and, when the issuer gave one, its description. */
    public String summary() {
        return description == null || description.isBlank() ? code : code + " (" + description + ")";
    }
}
