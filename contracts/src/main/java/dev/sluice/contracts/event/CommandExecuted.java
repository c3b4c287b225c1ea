package dev.sluice.contracts.event;

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
        String errorMessage) {}
