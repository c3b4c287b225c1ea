package dev.sluice.approval.web;

import dev.sluice.approval.config.ApprovalProperties;
import dev.sluice.approval.service.ApprovalException;
import dev.sluice.approval.service.ApprovalService;
import dev.sluice.approval.service.Caller;
import dev.sluice.approval.service.StateWaiters;
import dev.sluice.approval.store.ApprovalRequest;
import dev.sluice.approval.store.ApprovalState;
import dev.sluice.approval.store.NewApproval;
import dev.sluice.approval.store.Vote;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The approvals API ({@code /v1/approvals}); docs/approvals.md and docs/openapi/approvals.yaml describe it.
 * The wait endpoint is a long-poll answered from {@link StateWaiters} the moment a transition commits.
 */
@RestController
@RequestMapping("/v1/approvals")
public final class ApprovalController {
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_STATEMENT = 1 << 20;
    private static final int MAX_TEXT = 4096;

    private final ApprovalService approvals;
    private final StateWaiters waiters;
    private final ApprovalProperties properties;

    public ApprovalController(ApprovalService approvals, StateWaiters waiters, ApprovalProperties properties) {
        this.approvals = approvals;
        this.waiters = waiters;
        this.properties = properties;
    }

    @PostMapping
    ResponseEntity<ApprovalView> create(Authentication authentication, @RequestBody CreateApprovalBody body) {
        ApprovalRequest created = approvals.create(Callers.of(authentication), validate(body));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(created));
    }

    @GetMapping
    Map<String, List<ApprovalView>> list(Authentication authentication,
            @RequestParam(required = false) String state, @RequestParam(defaultValue = "100") int limit) {
        ApprovalState wanted = state == null || state.isBlank() ? null : parseState(state);
        List<ApprovalView> views = approvals.list(Callers.of(authentication), wanted, Math.clamp(limit, 1, 500))
                .stream().map(this::view).toList();
        return Map.of("approvals", views);
    }

    @GetMapping("/{id}")
    ApprovalView get(Authentication authentication, @PathVariable String id) {
        return view(approvals.find(Callers.of(authentication), parseId(id)));
    }

    /** Long-poll: answers at once when the request is decided, otherwise at the next transition or the timeout. */
    @GetMapping("/{id}/wait")
    DeferredResult<ApprovalView> await(Authentication authentication, @PathVariable String id,
            @RequestParam(defaultValue = "30s") String timeout) {
        Caller caller = Callers.of(authentication);
        UUID uuid = parseId(id);
        Duration wait = parseTimeout(timeout);
        ApprovalRequest current = approvals.find(caller, uuid);
        if (current.state().decided()) {
            DeferredResult<ApprovalView> done = new DeferredResult<>();
            done.setResult(view(current));
            return done;
        }
        // never wait past the expiry by much: the sweep wakes us at expiry, this is the safety net
        long untilExpiry = Duration.between(Instant.now(), current.expiresAt()).toMillis() + 2_000;
        long millis = Math.max(1, Math.min(wait.toMillis(), untilExpiry));
        DeferredResult<ApprovalView> result = new DeferredResult<>(millis);
        AtomicReference<Runnable> unregister = new AtomicReference<>();
        Runnable answer = () -> {
            if (!result.isSetOrExpired()) {
                try {
                    result.setResult(view(approvals.find(caller, uuid)));
                } catch (ApprovalException | org.springframework.dao.DataAccessException e) {
                    result.setErrorResult(e);
                }
            }
        };
        unregister.set(waiters.register(uuid, ignored -> answer.run()));
        result.onTimeout(answer);
        result.onCompletion(() -> unregister.get().run());
        // a transition committed between the first read and the registration must not be missed
        if (approvals.find(caller, uuid).state().decided()) {
            answer.run();
        }
        return result;
    }

    @PostMapping("/{id}/decision")
    ApprovalView decide(Authentication authentication, @PathVariable String id, @RequestBody DecisionBody body) {
        Vote.Choice choice = switch (body.decision() == null ? "" : body.decision().toLowerCase(Locale.ROOT)) {
            case "approve" -> Vote.Choice.APPROVE;
            case "deny" -> Vote.Choice.DENY;
            default -> throw ApprovalException.badRequest("decision must be \"approve\" or \"deny\"");
        };
        String comment = limit(body.comment(), "comment");
        return view(approvals.decide(Callers.of(authentication), parseId(id), choice, comment));
    }

    @PostMapping("/{id}/cancel")
    ApprovalView cancel(Authentication authentication, @PathVariable String id,
            @RequestBody(required = false) Map<String, String> body) {
        String reason = limit(body == null ? null : body.get("reason"), "reason");
        return view(approvals.cancel(Callers.of(authentication), parseId(id), reason));
    }

    @PostMapping("/{id}/consume")
    ApprovalView consume(Authentication authentication, @PathVariable String id,
            @RequestBody Map<String, String> body) {
        return view(approvals.consume(Callers.of(authentication), parseId(id), body.getOrDefault("bindingHash", "")));
    }

    private ApprovalView view(ApprovalRequest request) {
        return ApprovalView.of(request, approvals.votes(request.id()), properties.publicUrl());
    }

    private NewApproval validate(CreateApprovalBody body) {
        var requester = body.requester();
        if (requester == null || blank(requester.subject())) {
            throw ApprovalException.badRequest("requester.subject is required");
        }
        String kind = requester.kind() == null ? "" : requester.kind().toLowerCase(Locale.ROOT);
        if (!kind.equals("human") && !kind.equals("service")) {
            throw ApprovalException.badRequest("requester.kind must be human or service");
        }
        List<String> groups = requester.groups() == null ? List.of() : requester.groups();
        groups.forEach(group -> requireGroup(group, "requester.groups"));
        if (blank(body.connection()) || blank(body.sessionId())) {
            throw ApprovalException.badRequest("connection and sessionId are required");
        }
        if (body.statement() == null || body.statement().isEmpty() || body.statement().length() > MAX_STATEMENT) {
            throw ApprovalException.badRequest("statement is required and at most 1 MiB");
        }
        if (body.bindingHash() == null || !HASH.matcher(body.bindingHash()).matches()) {
            throw ApprovalException.badRequest("bindingHash must be a lowercase hex SHA-256");
        }
        var spec = body.approval();
        if (spec == null || spec.reviewers() == null || spec.reviewers().isEmpty()) {
            throw ApprovalException.badRequest("approval.reviewers must name at least one group");
        }
        spec.reviewers().forEach(group -> requireGroup(group, "approval.reviewers"));
        if (spec.minApprovals() < 1 || spec.minApprovals() > 100) {
            throw ApprovalException.badRequest("approval.minApprovals must be between 1 and 100");
        }
        if (spec.timeoutSeconds() < 1 || spec.timeoutSeconds() > properties.maxTimeout().toSeconds()) {
            throw ApprovalException.badRequest("approval.timeoutSeconds must be between 1 and "
                    + properties.maxTimeout().toSeconds());
        }
        return new NewApproval(requester.subject(), kind, groups, body.connection(), body.sessionId(),
                body.statement(), blank(body.statementKind()) ? "Query" : body.statementKind(), body.bindingHash(),
                limit(body.reason(), "reason"), limit(body.ruleId(), "ruleId"), limit(body.policyVersion(), "policyVersion"),
                spec.reviewers(), spec.minApprovals(), Duration.ofSeconds(spec.timeoutSeconds()));
    }

    private static void requireGroup(String group, String field) {
        if (group == null || !GROUP.matcher(group).matches()) {
            throw ApprovalException.badRequest(field + " contains an invalid group name");
        }
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

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApprovalException.notFound();
        }
    }

    private static ApprovalState parseState(String state) {
        try {
            return ApprovalState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApprovalException.badRequest("state must be one of PENDING, APPROVED, DENIED, EXPIRED, CANCELLED, USED");
        }
    }

    private Duration parseTimeout(String timeout) {
        Duration wait;
        try {
            wait = DurationStyle.detectAndParse(timeout);
        } catch (IllegalArgumentException e) {
            throw ApprovalException.badRequest("timeout must be a duration such as 30s");
        }
        if (wait.isNegative()) {
            throw ApprovalException.badRequest("timeout must not be negative");
        }
        return wait.compareTo(properties.maxWait()) > 0 ? properties.maxWait() : wait;
    }
}
