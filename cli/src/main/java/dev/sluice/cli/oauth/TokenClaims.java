package dev.sluice.cli.oauth;

import dev.sluice.cli.CliException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claims of a Sluice access token (RFC 7519), decoded from its payload <em>without</em> verifying the
 * signature. The CLI only reads its own token to show who it is and when to refresh; the proxy and the services
 * verify every token they receive.
 *
 * @param subject   {@code sub}
 * @param issuer    {@code iss}
 * @param audience  {@code aud}
 * @param groups    {@code groups}
 * @param kind      {@code kind} ({@code human} or {@code service}), or {@code null}
 * @param team      {@code team} of a service identity, or {@code null}
 * @param issuedAt  {@code iat}, or {@code null}
 * @param expiresAt {@code exp}
 */
public record TokenClaims(String subject, String issuer, List<String> audience, List<String> groups, String kind, String team,
        Instant issuedAt, Instant expiresAt) {

    /** Longer than any Sluice token, short enough that decoding a hostile value stays cheap. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public TokenClaims {
        audience = List.copyOf(audience);
        groups = List.copyOf(groups);
    }

    /** Decodes the payload of a compact JWS; the message never quotes the token. */
    public static TokenClaims decode(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw invalid();
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            if (!claims.isObject() || !claims.path("sub").isString() || !claims.path("exp").isNumber()) {
                throw invalid();
            }
            return new TokenClaims(claims.get("sub").asString(), claims.path("iss").asString(null), strings(claims.get("aud")),
                    strings(claims.get("groups")), claims.path("kind").asString(null), claims.path("team").asString(null),
                    claims.path("iat").isNumber() ? Instant.ofEpochSecond(claims.get("iat").asLong()) : null,
                    Instant.ofEpochSecond(claims.get("exp").asLong()));
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalid();
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isString()) {
            values.add(node.asString());
        } else if (node.isArray()) {
            node.forEach(value -> values.add(value.asString()));
        }
        return values;
    }

    private static CliException invalid() {
        return new CliException(CliException.FAILURE, "the issuer returned an access token that is not a JWT with sub and exp");
    }
}
