package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The person on "another device" during a device login: a cookie-keeping HTTP client that opens the activation
 * page, signs in at the dev issuer's login form, enters the user code and confirms the device.
 */
public final class DeviceUser {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Signs in as {@code user} and approves {@code userCode}. */
    public void approve(String verificationUri, String userCode, String user, String password) throws Exception {
        HttpResponse<String> activate = get(verificationUri);
        assertThat(activate.uri().getPath()).as("the activation page asks for a login first").isEqualTo("/login");
        Matcher csrf = CSRF.matcher(activate.body());
        assertThat(csrf.find()).as("login form with a CSRF token").isTrue();
        URI base = activate.uri().resolve("/");
        HttpResponse<String> signedIn = post(base.resolve("/login"), Map.of("username", user, "password", password, "_csrf", csrf.group(1)));
        assertThat(signedIn.body()).as("back at the activation page after signing in").contains("user_code");
        HttpResponse<String> consent = get(base.resolve("/oauth2/device_verification?user_code="
                + URLEncoder.encode(userCode, StandardCharsets.UTF_8)).toString());
        if (consent.uri().toString().contains("success")) {
            // This user already consented for this client at this issuer (an earlier login): confirmed without asking.
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(consent.body());
        while (hidden.find()) {
            form.put(hidden.group(1), hidden.group(2));
        }
        assertThat(form).as("the device confirmation form").containsKeys("client_id", "state", "user_code");
        form.put("scope", "profile");
        HttpResponse<String> done = post(base.resolve("/oauth2/device_verification"), form);
        // The authorization server redirects to its success page (which this issuer does not render: 404) or names the error.
        assertThat(done.uri().toString()).as("device confirmed").contains("success").doesNotContain("error");
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(uri)).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
