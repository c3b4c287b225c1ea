package dev.sluice.identity.federation;

import dev.sluice.identity.issuer.IssuedToken;
import dev.sluice.identity.issuer.TokenIssuer;
import dev.sluice.identity.issuer.TokenRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Token exchange (RFC 8693) of external tokens at the token endpoint: a request with
 * {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange} whose {@code subject_token} was issued by a
 * trusted external issuer gets a Sluice access token for the mapped identity (section 2.2.1), or an
 * {@code invalid_request} error (section 2.2.2).
 *
 * <p>Runs before Spring Security so that such requests need no client authentication: the external token is
 * the proof (RFC 8693 section 2.1 leaves client authentication to the deployment). Exchanges of Sluice's own
 * tokens and every other grant pass through to the authorization server unchanged.
 */
public final class TokenExchangeFilter extends OncePerRequestFilter {

    /** The grant type of RFC 8693 section 2.1. */
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    /** Token type of issued tokens (RFC 8693 section 3). */
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private static final Set<String> SUBJECT_TOKEN_TYPES = Set.of(ACCESS_TOKEN_TYPE,
            "urn:ietf:params:oauth:token-type:id_token", "urn:ietf:params:oauth:token-type:jwt");
    private static final Logger log = LoggerFactory.getLogger(TokenExchangeFilter.class);

    private final String tokenPath;
    private final FederatedTokenVerifier verifier;
    private final TokenIssuer issuer;
    private final JsonMapper json = JsonMapper.builder().build();

    public TokenExchangeFilter(String tokenPath, FederatedTokenVerifier verifier, TokenIssuer issuer) {
        this.tokenPath = tokenPath;
        this.verifier = verifier;
        this.issuer = issuer;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !tokenPath.equals(request.getServletPath())
                || !GRANT_TYPE.equals(request.getParameter("grant_type"))
                || !verifier.trusts(String.valueOf(verifier.claimedIssuer(request.getParameter("subject_token"))));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String subjectTokenType = request.getParameter("subject_token_type");
        if (subjectTokenType == null || !SUBJECT_TOKEN_TYPES.contains(subjectTokenType)) {
            error(response, "invalid_request", "subject_token_type must be an access token, ID token or JWT type");
            return;
        }
        String requested = request.getParameter("requested_token_type");
        if (requested != null && !requested.equals(ACCESS_TOKEN_TYPE) && !requested.equals("urn:ietf:params:oauth:token-type:jwt")) {
            error(response, "invalid_request", "only access tokens are issued");
            return;
        }
        if (request.getParameter("actor_token") != null) {
            error(response, "invalid_request", "delegation (actor_token) is not supported");
            return;
        }
        FederatedIdentity identity;
        try {
            identity = verifier.verify(request.getParameter("subject_token"));
        } catch (FederationException e) {
            log.info("Token exchange refused: {}", e.getMessage());
            error(response, "invalid_request", e.getMessage());
            return;
        }
        IssuedToken token = issuer.issue(new TokenRequest(identity.subject(), identity.groups(), identity.kind(), identity.team(), null));
        log.info("Token exchange: {} token for {} from issuer {} (jti={})", identity.kind().claimValue(), identity.subject(),
                identity.issuerName(), token.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.value());
        body.put("issued_token_type", ACCESS_TOKEN_TYPE);
        body.put("token_type", "Bearer");
        body.put("expires_in", token.lifetime().toSeconds());
        write(response, HttpServletResponse.SC_OK, body);
    }

    private void error(HttpServletResponse response, String code, String description) throws IOException {
        write(response, HttpServletResponse.SC_BAD_REQUEST, Map.of("error", code, "error_description", description));
    }

    private void write(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // RFC 6749 section 5.1: token responses must not be cached.
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }
}
