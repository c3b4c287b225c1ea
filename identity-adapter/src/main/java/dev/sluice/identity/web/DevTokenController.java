package dev.sluice.identity.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.identity.config.IdentityProperties;
import dev.sluice.identity.config.IdentityProperties.DevUser;
import dev.sluice.identity.issuer.InvalidTokenRequestException;
import dev.sluice.identity.issuer.IssuedToken;
import dev.sluice.identity.issuer.TokenIssuer;
import dev.sluice.identity.issuer.TokenRequest;
import dev.sluice.identity.revocation.Revocations;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dev mode only: hands out tokens for the configured demo identities without any authentication.
 *
 * <p>The bean exists only when {@code sluice.identity.dev.enabled=true}, so with dev mode off the path is
 * simply unmapped (404). The response follows the successful token response of RFC 6749 section 5.1.
 */
@RestController
@ConditionalOnBooleanProperty("sluice.identity.dev.enabled")
public final class DevTokenController {

    private final TokenIssuer issuer;
    private final Map<String, DevUser> users = new LinkedHashMap<>();

    private final Revocations revocations;

    public DevTokenController(TokenIssuer issuer, IdentityProperties properties, Revocations revocations) {
        this.issuer = issuer;
        this.revocations = revocations;
        properties.dev().users().forEach(user -> users.put(user.subject(), user));
    }

    /**
     * Issues a token for a demo identity.
     *
     * @param subject a configured demo subject
     * @param ttl     optional ISO-8601 lifetime such as {@code PT5M}, at most the kind's TTL
     */
    @RequestMapping(path = "/dev/tokens/{subject}", method = {RequestMethod.GET, RequestMethod.POST},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> token(@PathVariable String subject, @RequestParam(required = false) String ttl,
            @RequestParam(required = false) String expired) {
        if (expired != null) {
            // Expired tokens are a test fixture concern; a dev endpoint that mints them invites misuse.
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "expired tokens are not issued; create them in the test");
        }
        DevUser user = users.get(subject);
        if (user == null) {
            return error(HttpStatus.NOT_FOUND, "unknown_subject", "no dev identity '" + subject + "' is configured");
        }
        if (revocations.serviceRevoked(user.subject())) {
            return error(HttpStatus.FORBIDDEN, "access_denied", "service identity '" + subject + "' is revoked");
        }
        Duration lifetime = null;
        if (ttl != null) {
            try {
                lifetime = Duration.parse(ttl);
            } catch (DateTimeParseException e) {
                return error(HttpStatus.BAD_REQUEST, "invalid_request", "ttl must be an ISO-8601 duration such as PT5M");
            }
        }
        IssuedToken token = issuer.issue(new TokenRequest(user.subject(), user.groups(), user.kind(), user.team(), lifetime));
        return ResponseEntity.ok()
                .header("Cache-Control", "no-store") // RFC 6749 section 5.1: token responses must not be cached
                .body(new TokenResponse(token.value(), "Bearer", token.lifetime().toSeconds()));
    }

    @ExceptionHandler(InvalidTokenRequestException.class)
    ResponseEntity<ApiError> invalidRequest(InvalidTokenRequestException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(code, message));
    }

    /** RFC 6749 section 5.1 token response. */
    public record TokenResponse(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") long expiresIn) {}
}
