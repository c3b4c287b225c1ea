package dev.sluice.identity.revocation;

import dev.sluice.identity.web.ApiError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Revocation: administrators add entries ({@code POST /admin/revocations}, bearer token of an admin group), every
 * service pulls the list ({@code GET /v1/revocations}) and refuses matching tokens.
 */
@RestController
public final class RevocationController {

    /** Path services poll. */
    public static final String LIST_PATH = "/v1/revocations";

    private static final Logger log = LoggerFactory.getLogger(RevocationController.class);

    private final Revocations revocations;

    public RevocationController(Revocations revocations) {
        this.revocations = revocations;
    }

    /**
     * A revocation request.
     *
     * @param type   {@code token}, {@code subject} or {@code service}
     * @param value  the jti, subject or service client id
     * @param reason why (audit; shown to clients whose sessions end)
     */
    public record RevokeRequest(String type, String value, String reason) {}

    @PostMapping(path = "/admin/revocations", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> revoke(@RequestBody RevokeRequest request, Authentication admin) {
        Revocations.Type type;
        try {
            type = Revocations.Type.valueOf(String.valueOf(request.type()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(new ApiError("invalid_request", "type must be token, subject or service"));
        }
        if (request.value() == null || request.value().isBlank() || request.value().length() > 512) {
            return ResponseEntity.badRequest().body(new ApiError("invalid_request", "value must be 1 to 512 characters"));
        }
        var revocation = revocations.revoke(type, request.value(), request.reason());
        log.warn("Revoked {} {} by {}: {}", type.name().toLowerCase(Locale.ROOT), request.value(), admin.getName(), revocation.reason());
        return ResponseEntity.status(HttpStatus.CREATED).body(json(revocation));
    }

    @DeleteMapping(path = "/admin/revocations/service/{clientId}")
    public ResponseEntity<?> lift(@PathVariable String clientId, Authentication admin) {
        if (!revocations.lift(clientId)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not_found", "service " + clientId + " is not revoked"));
        }
        log.warn("Service {} may get tokens again (lifted by {})", clientId, admin.getName());
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = LIST_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> list() {
        List<Map<String, Object>> entries = revocations.list().stream().map(RevocationController::json).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", revocations.version());
        body.put("revocations", entries);
        return body;
    }

    private static Map<String, Object> json(Revocations.Revocation revocation) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", revocation.type().name().toLowerCase(Locale.ROOT));
        entry.put("value", revocation.value());
        entry.put("revoked_at", revocation.revokedAt().getEpochSecond());
        entry.put("reason", revocation.reason());
        return entry;
    }
}
