package dev.sluice.identity.web;

import dev.sluice.identity.keys.SigningKeys;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the public signing keys as a JWK set (RFC 7517 section 5), the document every Sluice service
 * verifies tokens against. Served as {@code application/json} because that is what generic clients ask for.
 */
@RestController
public final class JwksController {

    /**
     * Canonical JWKS path, named in discovery. Spring Authorization Server serves the same set at
     * {@code /oauth2/jwks} for clients configured that way.
     */
    public static final String JWKS_PATH = "/.well-known/jwks.json";

    // Short enough that a rotation is picked up soon, long enough to spare the adapter on every verify.
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

    private final SigningKeys keys;

    public JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = JWKS_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CACHE).body(keys.publicJwkSetJson());
    }
}
