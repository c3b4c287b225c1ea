package dev.sluice.policy.audit;

import dev.sluice.contracts.audit.AuditEvent;
import dev.sluice.contracts.audit.AuditTypes;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns bundle loads into {@link AuditTypes#POLICY_RELOAD} events on {@code sluice.audit}: the bundle put in force
 * at startup ({@code outcome: loaded}), every reload that changed the version ({@code reloaded}, with the previous
 * version), and every refused reload ({@code rejected}, with file, line and message, and the version that keeps
 * serving). A security team can so tell which policy decided what, and see attempts to load broken policy.
 */
public final class PolicyAudit {

    /** CloudEvents {@code source} of policy-service's events. */
    public static final String SOURCE = "/sluice/policy-service";
    /** Subject of events that concern no identity. */
    static final String NO_SUBJECT = "-";

    private final AuditSink sink;
    private final String origin;

    /**
     * @param sink   where events go
     * @param origin where the bundle is read from (a directory or {@code classpath:} location)
     */
    public PolicyAudit(AuditSink sink, String origin) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** The bundle put in force at startup. */
    public void loaded(PolicyBundle bundle) {
        Map<String, Object> data = bundleData("loaded", bundle);
        sink.publish(AuditEvent.of(SOURCE, AuditTypes.POLICY_RELOAD, NO_SUBJECT, data));
    }

    /** A reload replaced {@code previous} by {@code next} (a different version). */
    public void reloaded(PolicyBundle previous, PolicyBundle next) {
        Map<String, Object> data = bundleData("reloaded", next);
        data.put("previousVersion", previous.version());
        sink.publish(AuditEvent.of(SOURCE, AuditTypes.POLICY_RELOAD, NO_SUBJECT, data));
    }

    /** A reload was refused; {@code kept} keeps serving. */
    public void rejected(PolicyBundle kept, PolicyBundleException problem) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("outcome", "rejected");
        data.put("origin", origin);
        data.put("version", kept.version());
        data.put("file", problem.file() == null ? "" : problem.file());
        data.put("line", problem.line());
        data.put("message", problem.getMessage());
        sink.publish(AuditEvent.of(SOURCE, AuditTypes.POLICY_RELOAD, NO_SUBJECT, data));
    }

    private Map<String, Object> bundleData(String outcome, PolicyBundle bundle) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("outcome", outcome);
        data.put("origin", origin);
        data.put("version", bundle.version());
        data.put("files", bundle.files());
        data.put("rules", bundle.rules().size());
        data.put("maskingRules", bundle.masking().size());
        data.put("connections", bundle.connections().size());
        data.put("tests", bundle.tests().size());
        return data;
    }
}
