package dev.sluice.approval.grants;

import dev.sluice.approval.service.ApprovalException;
import dev.sluice.approval.service.Caller;
import dev.sluice.approval.store.Vote;
import dev.sluice.contracts.identity.TokenClaims;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The JIT access grants API ({@code /v1/grants}; docs/approvals.md). People use bearer tokens; policy-service reads
 * the active set from {@code /v1/grants/feed} with the service key, as a long-poll answered the moment a grant
 * transition commits.
 */
@RestController
@RequestMapping("/v1/grants")
public final class GrantController {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final int MAX_TEXT = 4096;

    private final GrantService grants;
    private final GrantFeed feed;
    private final GrantProperties properties;

    public GrantController(GrantService grants, GrantFeed feed, GrantProperties properties) {
        this.grants = grants;
        this.feed = feed;
        this.properties = properties;
    }

    @PostMapping
    ResponseEntity<GrantView> request(Authentication authentication, @RequestBody GrantBodies.CreateGrant body) {
        Caller caller = person(authentication);
        String connection = name(body.connection(), "connection");
        String group = name(body.group(), "group");
        Duration duration = duration(body.duration());
        if (body.justification() == null || body.justification().isBlank()) {
            throw ApprovalException.badRequest("justification is required");
        }
        String justification = limit(body.justification(), "justification");
        AccessGrant created = grants.request(caller, connection, group, duration, justification);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(created));
    }

    @GetMapping
    Map<String, List<GrantView>> list(Authentication authentication, @RequestParam(required = false) String state,
            @RequestParam(defaultValue = "100") int limit) {
        GrantState wanted = state == null || state.isBlank() ? null : parseState(state);
        return Map.of("grants", grants.list(person(authentication), wanted, Math.clamp(limit, 1, 500)).stream()
                .map(this::view).toList());
    }

    @GetMapping("/{id}")
    GrantView get(Authentication authentication, @PathVariable String id) {
        return view(grants.find(person(authentication), parseId(id)));
    }

    @PostMapping("/{id}/decision")
    GrantView decide(Authentication authentication, @PathVariable String id, @RequestBody GrantBodies.Decision body) {
        Vote.Choice choice = switch (body.decision() == null ? "" : body.decision().toLowerCase(Locale.ROOT)) {
            case "approve" -> Vote.Choice.APPROVE;
            case "deny" -> Vote.Choice.DENY;
            default -> throw ApprovalException.badRequest("decision must be \"approve\" or \"deny\"");
        };
        return view(grants.decide(person(authentication), parseId(id), choice, limit(body.comment(), "comment")));
    }

    @PostMapping("/{id}/revoke")
    GrantView revoke(Authentication authentication, @PathVariable String id,
            @RequestBody(required = false) GrantBodies.Revoke body) {
        String comment = limit(body == null ? null : body.comment(), "comment");
        return view(grants.revoke(person(authentication), parseId(id), comment));
    }

    /**
     * Long-poll for policy-service: the active grants, answered at once when the epoch differs from {@code after},
     * otherwise at the next grant transition or after {@code wait} (at most {@code max-feed-wait}).
     */
    @GetMapping("/feed")
    DeferredResult<GrantBodies.Feed> feed(Authentication authentication,
            @RequestParam(required = false) String after, @RequestParam(defaultValue = "0s") String wait) {
        if (authentication == null || authentication.getAuthorities().stream()
                .noneMatch(authority -> ServiceKeyFilter.AUTHORITY.equals(authority.getAuthority()))) {
            throw ApprovalException.forbidden("forbidden", "only policy-service (the service key) reads the grant feed");
        }
        Duration timeout = parseWait(wait);
        if (after == null || timeout.isZero()) {
            DeferredResult<GrantBodies.Feed> now = new DeferredResult<>();
            now.setResult(snapshot());
            return now;
        }
        DeferredResult<GrantBodies.Feed> result = new DeferredResult<>(timeout.toMillis());
        Runnable answer = () -> {
            if (!result.isSetOrExpired()) {
                try {
                    result.setResult(snapshot());
                } catch (RuntimeException e) {
                    result.setErrorResult(e);
                }
            }
        };
        result.onTimeout(answer);
        Runnable cancel = feed.onChange(after, ignored -> answer.run());
        result.onCompletion(cancel);
        return result;
    }

    private GrantBodies.Feed snapshot() {
        // read the epoch first: a change committed while reading the set makes the next long-poll return at once
        String epoch = feed.epoch();
        List<GrantBodies.ActiveGrant> active = grants.active().stream()
                .map(grant -> new GrantBodies.ActiveGrant(grant.id().toString(), grant.requesterSubject(),
                        grant.connection(), grant.group(), grant.expiresAt()))
                .toList();
        return new GrantBodies.Feed(epoch, active);
    }

    private GrantView view(AccessGrant grant) {
        return GrantView.of(grant, grants.votes(grant.id()));
    }

    /** People only: the gateway's key and the service key are not identities that request or review grants. */
    private static Caller person(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken jwt) {
            var token = jwt.getToken();
            String kind = token.getClaimAsString(TokenClaims.KIND);
            return new Caller(token.getSubject(), token.getClaimAsStringList(TokenClaims.GROUPS),
                    kind == null ? "human" : kind);
        }
        throw ApprovalException.forbidden("forbidden", "grants are used with a bearer token");
    }

    private static String name(String value, String field) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw ApprovalException.badRequest(field + " is required and must be a plain name");
        }
        return value;
    }

    private static Duration duration(String value) {
        if (value == null || value.isBlank()) {
            throw ApprovalException.badRequest("duration is required, e.g. PT1H or 1h");
        }
        Duration duration;
        try {
            duration = value.startsWith("P") || value.startsWith("p") ? Duration.parse(value)
                    : DurationStyle.SIMPLE.parse(value);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw ApprovalException.badRequest("duration must be an ISO-8601 duration such as PT1H (or 1h)");
        }
        if (duration.isNegative() || duration.toSeconds() < 1) {
            throw ApprovalException.badRequest("duration must be at least one second");
        }
        return duration;
    }

    private Duration parseWait(String wait) {
        Duration parsed;
        try {
            parsed = DurationStyle.detectAndParse(wait);
        } catch (IllegalArgumentException e) {
            throw ApprovalException.badRequest("wait must be a duration such as 25s");
        }
        if (parsed.isNegative()) {
            throw ApprovalException.badRequest("wait must not be negative");
        }
        return parsed.compareTo(properties.maxFeedWait()) > 0 ? properties.maxFeedWait() : parsed;
    }

    private static String limit(String value, String field) {
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_TEXT) {
            throw ApprovalException.badRequest(field + " is longer than " + MAX_TEXT + " characters");
        }
        return value;
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApprovalException(404, "not_found", "no such grant");
        }
    }

    private static GrantState parseState(String state) {
        try {
            return GrantState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApprovalException.badRequest("state must be one of PENDING, ACTIVE, DENIED, CANCELLED, EXPIRED, REVOKED");
        }
    }
}
