package dev.sluice.policy.web;

import dev.sluice.policy.grants.EffectiveVersion;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code GET /v1/policies/version[?after=v&wait=s]}: the policy version in force: the bundle version, extended
 * while JIT access grants are in force ({@link EffectiveVersion}). With {@code after}, it
 * long-polls: it answers as soon as the version differs from {@code after}, else after {@code wait} seconds
 * (at most 60) with the unchanged version. Waiting holds no servlet thread (a {@link DeferredResult}).
 */
@RestController
final class PolicyVersionController {

    /** Longest wait a caller may ask for, in seconds. */
    static final int MAX_WAIT_SECONDS = 60;

    private final EffectiveVersion version;

    PolicyVersionController(EffectiveVersion version) {
        this.version = version;
    }

    /** The version body. */
    record VersionResponse(String version) {}

    @GetMapping(path = "/v1/policies/version", produces = MediaType.APPLICATION_JSON_VALUE)
    DeferredResult<VersionResponse> version(
            @RequestParam(name = "after", required = false) String after,
            @RequestParam(name = "wait", defaultValue = "0") int waitSeconds) {
        if (waitSeconds < 0) {
            throw new IllegalArgumentException("wait must not be negative");
        }
        long waitMillis = Math.min(waitSeconds, MAX_WAIT_SECONDS) * 1000L;
        if (after == null || waitMillis == 0) {
            DeferredResult<VersionResponse> now = new DeferredResult<>();
            now.setResult(new VersionResponse(version.current()));
            return now;
        }
        DeferredResult<VersionResponse> result = new DeferredResult<>(waitMillis, () -> new VersionResponse(version.current()));
        Runnable cancel = version.onChange(after, changed -> result.setResult(new VersionResponse(changed)));
        result.onCompletion(cancel);
        return result;
    }
}
