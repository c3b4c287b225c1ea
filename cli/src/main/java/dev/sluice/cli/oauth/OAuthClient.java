package dev.sluice.cli.oauth;

import dev.sluice.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's side of OAuth 2.0 against an issuer: discovery, the device authorization request (RFC 8628), and
 * the token endpoint for device codes, refresh tokens and client credentials (RFC 6749). Token values, device codes
 * and secrets never go into an exception message.
 */
public final class OAuthClient {
    /** RFC 8693 section 2.1. */
    public static final String TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    /** RFC 8693 section 3: an OpenID Connect ID token. */
    public static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
    /** RFC 8693 section 3: an OAuth access token. */
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    /** RFC 8628 section 3.4. */
    public static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Discovery documents and token responses are a few KB; anything much larger is not an issuer. */
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The outcome of one device code poll that is not a failure. */
    public sealed interface Poll {
        /** The user approved: the tokens. */
        record Granted(TokenResponse tokens) implements Poll {}

        /** {@code authorization_pending}: ask again after the interval. */
        record Pending() implements Poll {}

        /** {@code slow_down}: ask again after the interval grown by 5 s (RFC 8628 section 3.5). */
        record SlowDown() implements Poll {}
    }

    private final HttpClient http;
    private final Clock clock;

    public OAuthClient(HttpClient http, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Reads {@code <issuer>/.well-known/openid-configuration} and checks that it names this issuer. */
    public IssuerMetadata discover(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URI uri = uri(base + "/.well-known/openid-configuration", "issuer");
        Reply response = send(HttpRequest.newBuilder(uri).header("Accept", "application/json").GET(), uri);
        if (response.statusCode() != 200) {
            throw new CliException(CliException.FAILURE, "the issuer " + base + " has no discovery document (" + uri + " answered HTTP "
                    + response.statusCode() + "); check --issuer");
        }
        JsonNode document = json(response, uri);
        String named = document.path("issuer").asString(null);
        // OpenID Connect Discovery 1.0 section 4.3: the document must be about the issuer it was fetched for.
        if (named == null || !stripSlash(named).equals(base)) {
            throw new CliException(CliException.FAILURE, "the discovery document at " + uri + " names the issuer " + named
                    + ", not " + base);
        }
        String token = document.path("token_endpoint").asString(null);
        if (token == null) {
            throw new CliException(CliException.FAILURE, "the discovery document at " + uri + " has no token_endpoint");
        }
        String device = document.path("device_authorization_endpoint").asString(null);
        String jwks = document.path("jwks_uri").asString(null);
        return new IssuerMetadata(named, uri(token, "token_endpoint"), device == null ? null : uri(device, "device_authorization_endpoint"),
                jwks == null ? null : uri(jwks, "jwks_uri"));
    }

    /** Starts a device login (RFC 8628 section 3.1). */
    public DeviceAuthorization deviceAuthorization(IssuerMetadata issuer, String clientId, String scope) {
        if (issuer.deviceAuthorizationEndpoint() == null) {
            throw new CliException(CliException.FAILURE, "the issuer " + issuer.issuer()
                    + " does not offer the device authorization grant (no device_authorization_endpoint)");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        if (scope != null && !scope.isBlank()) {
            form.put("scope", scope);
        }
        URI endpoint = issuer.deviceAuthorizationEndpoint();
        Reply response = send(post(endpoint, form, null), endpoint);
        JsonNode body = json(response, endpoint);
        if (response.statusCode() != 200) {
            OAuthError error = error(response.statusCode(), body);
            throw new CliException(error.code().equals("invalid_client") || error.code().equals("unauthorized_client")
                    ? CliException.DENIED : CliException.FAILURE, "the issuer refused the device login: " + error.summary());
        }
        String deviceCode = body.path("device_code").asString(null);
        String userCode = body.path("user_code").asString(null);
        String verification = body.path("verification_uri").asString(null);
        if (deviceCode == null || userCode == null || verification == null || !body.path("expires_in").isNumber()) {
            throw new CliException(CliException.FAILURE, "the device authorization response of " + endpoint + " is incomplete");
        }
        Duration interval = Duration.ofSeconds(body.path("interval").isNumber() ? Math.max(1, body.get("interval").asLong()) : 5);
        return new DeviceAuthorization(deviceCode, userCode, verification, body.path("verification_uri_complete").asString(null),
                Duration.ofSeconds(body.get("expires_in").asLong()), interval);
    }

    /**
     * Polls once for the tokens of a device login (RFC 8628 section 3.4). {@code expired_token} and
     * {@code access_denied} end the login with a {@link CliException} ({@link CliException#DENIED}).
     */
    public Poll pollDeviceToken(IssuerMetadata issuer, String clientId, DeviceAuthorization device) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", DEVICE_CODE_GRANT);
        form.put("device_code", device.deviceCode());
        form.put("client_id", clientId);
        Reply response = send(post(issuer.tokenEndpoint(), form, null), issuer.tokenEndpoint());
        JsonNode body = json(response, issuer.tokenEndpoint());
        if (response.statusCode() == 200) {
            return new Poll.Granted(tokens(body, issuer.tokenEndpoint()));
        }
        OAuthError error = error(response.statusCode(), body);
        return switch (error.code()) {
            case "authorization_pending" -> new Poll.Pending();
            case "slow_down" -> new Poll.SlowDown();
            case "expired_token" -> throw new CliException(CliException.DENIED,
                    "the login code expired before it was confirmed; run `sluice login` again");
            case "access_denied" -> throw new CliException(CliException.DENIED, "the login was denied at the issuer");
            default -> throw new CliException(CliException.FAILURE, "the issuer refused the device login: " + error.summary());
        };
    }

    /**
     * Exchanges a refresh token (RFC 6749 section 6). An {@code invalid_grant} (expired, revoked or already used
     * refresh token) is {@link CliException#NOT_LOGGED_IN}.
     */
    public TokenResponse refresh(URI tokenEndpoint, String clientId, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", clientId);
        Reply response = send(post(tokenEndpoint, form, null), tokenEndpoint);
        JsonNode body = json(response, tokenEndpoint);
        if (response.statusCode() == 200) {
            return tokens(body, tokenEndpoint);
        }
        OAuthError error = error(response.statusCode(), body);
        throw new CliException(error.code().equals("invalid_grant") || error.code().equals("invalid_client")
                ? CliException.NOT_LOGGED_IN : CliException.FAILURE,
                "the login could not be refreshed: " + error.summary() + "; run `sluice login`");
    }

    /** Gets a service token with the client credentials grant (RFC 6749 section 4.4). */
    public TokenResponse clientCredentials(IssuerMetadata issuer, ClientAuthentication client) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        String basic = null;
        switch (client) {
            case ClientAuthentication.PublicClient publicClient -> throw new CliException(CliException.FAILURE,
                    "client credentials need --client-secret-file or --private-key for " + publicClient.clientId());
            case ClientAuthentication.ClientSecret secret -> basic = "Basic " + Base64.getEncoder().encodeToString(
                    (formEncode(secret.clientId()) + ":" + formEncode(secret.secret())).getBytes(StandardCharsets.UTF_8));
            case ClientAuthentication.PrivateKeyJwt key -> {
                form.put("client_id", key.clientId());
                form.put("client_assertion_type", ClientAssertion.TYPE);
                form.put("client_assertion", ClientAssertion.sign(key, issuer.tokenEndpoint(), clock.instant()));
            }
        }
        Reply response = send(post(issuer.tokenEndpoint(), form, basic), issuer.tokenEndpoint());
        JsonNode body = json(response, issuer.tokenEndpoint());
        if (response.statusCode() == 200) {
            return tokens(body, issuer.tokenEndpoint());
        }
        OAuthError error = error(response.statusCode(), body);
        throw new CliException(error.code().equals("invalid_client") || error.code().equals("unauthorized_client")
                ? CliException.DENIED : CliException.FAILURE,
                "the issuer refused the client credentials of " + client.clientId() + ": " + error.summary());
    }

    /**
     * Exchanges a token of another issuer for one of this issuer (RFC 8693 section 2.1), without client
     * authentication: the subject token is the proof. Any refusal (an untrusted issuer, a disallowed audience, an
     * expired token, ...) is {@link CliException#DENIED} with the issuer's reason.
     */
    public TokenResponse exchange(IssuerMetadata issuer, String subjectToken, String subjectTokenType, String subjectIssuer) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", TOKEN_EXCHANGE_GRANT);
        form.put("subject_token", subjectToken);
        form.put("subject_token_type", subjectTokenType);
        form.put("requested_token_type", ACCESS_TOKEN_TYPE);
        Reply response = send(post(issuer.tokenEndpoint(), form, null), issuer.tokenEndpoint());
        if (response.statusCode() == 200) {
            return tokens(json(response, issuer.tokenEndpoint()), issuer.tokenEndpoint());
        }
        String reason;
        if (response.statusCode() == 401) {
            // The issuer did not take the token as a federated one and asked for client authentication instead.
            reason = "it does not trust that issuer (not one of its federation issuers)";
        } else if (response.statusCode() >= 400 && response.statusCode() < 500) {
            OAuthError error = error(response.statusCode(), jsonOrEmpty(response));
            reason = error.code().equals("invalid_client") || error.code().equals("unauthorized_client")
                    ? "it does not trust that issuer (" + error.summary() + ")"
                    : error.summary();
        } else {
            throw new CliException(CliException.FAILURE, issuer.tokenEndpoint() + " answered the token exchange with HTTP "
                    + response.statusCode());
        }
        throw new CliException(CliException.DENIED, "the Sluice issuer " + issuer.issuer() + " refused to exchange the token of "
                + subjectIssuer + ": " + reason);
    }

    private HttpRequest.Builder post(URI endpoint, Map<String, String> form, String authorization) {
        String body = form.entrySet().stream().map(e -> formEncode(e.getKey()) + "=" + formEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private Reply send(HttpRequest.Builder request, URI uri) {
        try {
            HttpResponse<InputStream> response = http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (body.length > MAX_RESPONSE_BYTES) {
                    throw new CliException(CliException.FAILURE, uri + " answered with more than " + MAX_RESPONSE_BYTES + " bytes");
                }
                return new Reply(response.statusCode(), body);
            }
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.FAILURE, "interrupted while talking to " + uri.getAuthority(), e);
        }
    }

    private static JsonNode json(Reply response, URI uri) {
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            // fall through: the body is deliberately not quoted, it could be anything
        }
        throw new CliException(CliException.FAILURE, uri + " answered HTTP " + response.statusCode() + " without a JSON object");
    }

    private static JsonNode jsonOrEmpty(Reply response) {
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            // not quoted, see json()
        }
        return JSON.createObjectNode();
    }

    private static OAuthError error(int status, JsonNode body) {
        return new OAuthError(status, body.path("error").asString("HTTP " + status), body.path("error_description").asString(null));
    }

    private static TokenResponse tokens(JsonNode body, URI uri) {
        String access = body.path("access_token").asString(null);
        if (access == null || access.isBlank()) {
            throw new CliException(CliException.FAILURE, uri + " returned no access_token");
        }
        String idToken = body.path("id_token").asString(null);
        return new TokenResponse(access, body.path("refresh_token").asString(null),
                body.path("expires_in").isNumber() ? Duration.ofSeconds(body.get("expires_in").asLong()) : null,
                idToken == null || idToken.isBlank() ? null : idToken);
    }

    private static URI uri(String value, String what) {
        try {
            URI uri = URI.create(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.FAILURE, "not a valid " + what + " URL: " + value);
        }
    }

    private static String stripSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A response whose body was read within the size limit. */
    private record Reply(int statusCode, byte[] body) {}
}
