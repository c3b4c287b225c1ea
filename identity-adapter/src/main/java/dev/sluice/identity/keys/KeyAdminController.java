package dev.sluice.identity.keys;

import dev.sluice.identity.web.ApiError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rotation of Sluice's own signing keys with overlap (admin API): a new key signs from now on while the JWK set
 * keeps serving the previous ones, so tokens already issued verify until they expire; a previous key is retired
 * explicitly once its tokens have expired (at most one hour after the rotation).
 */
@RestController
public final class KeyAdminController {

    private static final Logger log = LoggerFactory.getLogger(KeyAdminController.class);

    private final SigningKeys keys;

    public KeyAdminController(SigningKeys keys) {
        this.keys = keys;
    }

    @PostMapping(path = "/admin/keys/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> rotate(Authentication admin) {
        String previous = keys.current().getKeyID();
        keys.rotate(SigningKeyLoader.generate());
        log.warn("Signing key rotated by {}: kid {} signs now, {} stays published", admin.getName(), keys.current().getKeyID(), previous);
        return state();
    }

    @DeleteMapping(path = "/admin/keys/{kid}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> retire(@PathVariable String kid, Authentication admin) {
        try {
            if (!keys.retire(kid)) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not_found", "no published key " + kid));
            }
        } catch (IllegalArgumentException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError("conflict", e.getMessage()));
        }
        log.warn("Signing key {} retired by {}", kid, admin.getName());
        return ResponseEntity.ok(state());
    }

    private Map<String, Object> state() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("current", keys.current().getKeyID());
        body.put("published", keys.all().stream().map(key -> key.getKeyID()).toList());
        return body;
    }
}
