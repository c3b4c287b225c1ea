package dev.sluice.contracts.event;

import java.util.List;
import java.util.Map;

/**
 * Payload of {@code sluice.session.command}: one decided command and what became of it.
 *
 * @param sessionId      gateway session id
 * @param message        protocol message that carried it (PostgreSQL: {@code Query}, {@code Parse}, {@code Execute},
 *                       {@code FunctionCall})
 * @param text           the command text exactly as sent
 * @param effect         the decision's effect name
 * @param ruleId         the deciding rule
 * @param reason         the decision's reason
 * @param policyVersion  the bundle version that decided
 * @param durationMicros time from forwarding to completion; 0 for commands that never ran
 * @param commandTag     completion tag, e.g. {@code SELECT 3}; empty if none
 * @param rowsAffected   rows returned or affected, or -1 when unknown
 * @param errorCode      SQLSTATE (or protocol error code) if the command failed, else empty
 * @param errorMessage   error message if the command failed, else empty
 * @param maskedCounts   for a masked command, how many values each masking rule replaced (rule name →
 *                       count, e.g. {@code column:public.customers.ssn} or {@code detector:card}); never values;
 *                       empty otherwise
 * @param resultSample   for a masked command, the first result rows as the client received them (already masked;
 *                       bounded in rows and bytes by the proxy); empty otherwise
 * @param approvalId     for a REQUIRE_APPROVAL command, the approval request it waited on; empty otherwise (and when
 *                       the request could not even be created)
 * @param approvalState  the request's final state as the gateway saw it: {@code USED} (approved and released),
 *                       {@code APPROVED} (approved but not released), {@code DENIED}, {@code EXPIRED},
 *                       {@code CANCELLED}, {@code UNAVAILABLE}; empty for commands that needed no approval
 * @param approvers      the reviewers who approved, in voting order; empty otherwise
 * @param approvalDecidedBy who made the request final (the deciding reviewer, or the canceller); empty for an
 *                       expiry and for commands that needed no approval
 */
public record CommandExecuted(
        String sessionId,
        String message,
        String text,
        String effect,
        String ruleId,
        String reason,
        String policyVersion,
        long durationMicros,
        String commandTag,
        long rowsAffected,
        String errorCode,
        String errorMessage,
        Map<String, Long> maskedCounts,
        List<List<String>> resultSample,
        String approvalId,
        String approvalState,
        List<String> approvers,
        String approvalDecidedBy) {

    public CommandExecuted {
        // Events written before approvals existed carry none of the approval fields.
        approvalId = approvalId == null ? "" : approvalId;
        approvalState = approvalState == null ? "" : approvalState;
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
        approvalDecidedBy = approvalDecidedBy == null ? "" : approvalDecidedBy;
        maskedCounts = maskedCounts == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(maskedCounts));
        // Rows may hold SQL NULLs, which List.copyOf would reject.
        resultSample = resultSample == null ? List.of()
                : resultSample.stream().map(row -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(row)))
                        .toList();
    }

    /** A command without masking. */
    public CommandExecuted(String sessionId, String message, String text, String effect, String ruleId, String reason,
            String policyVersion, long durationMicros, String commandTag, long rowsAffected, String errorCode,
            String errorMessage) {
        this(sessionId, message, text, effect, ruleId, reason, policyVersion, durationMicros, commandTag, rowsAffected,
                errorCode, errorMessage, Map.of(), List.of());
    }

    /** A command that needed no approval, possibly masked. */
    public CommandExecuted(String sessionId, String message, String text, String effect, String ruleId, String reason,
            String policyVersion, long durationMicros, String commandTag, long rowsAffected, String errorCode,
            String errorMessage, Map<String, Long> maskedCounts, List<List<String>> resultSample) {
        this(sessionId, message, text, effect, ruleId, reason, policyVersion, durationMicros, commandTag, rowsAffected,
                errorCode, errorMessage, maskedCounts, resultSample, "", "", List.of(), "");
    }
}
