package dev.sluice.identity.authserver;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The page a user opens on another device during the device authorization grant (RFC 8628 section 3.3): after
 * the login form, it asks for the user code and hands it to the authorization server's verification endpoint.
 * Deliberately plain HTML without scripts.
 */
@RestController
public final class DeviceActivationController {

    /** The {@code verification_uri} given to devices. */
    public static final String PATH = "/activate";

    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sluice device login</title></head>
            <body>
            <h1>Sluice device login</h1>
            <p>Enter the code your terminal shows.</p>
            <form method="get" action="/oauth2/device_verification">
              <label>Code <input name="user_code" autocomplete="off" required></label>
              <button type="submit">Continue</button>
            </form>
            </body></html>
            """;

    @GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
    public String activate() {
        return PAGE;
    }
}
