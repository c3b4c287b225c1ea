package dev.sluice.proxy.postgres.command;

import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.event.CommandExecuted;
import dev.sluice.proxy.approval.ApprovalTrail;
import dev.sluice.proxy.postgres.masking.ResultMasker;
import java.util.List;
import java.util.Map;

/**
 * A decided command on its way through the target: what was sent and what came back, until it completes
 * and becomes a {@code sluice.session.command} event. Touched only by one relay thread at a time, under the
 * channel lock.
 */
final class PendingCommand {
    private final String message;
    private final String text;
    private final Decision decision;
    private final ResultMasker masker;
    private final ApprovalTrail approval;
    private final long startNanos = System.nanoTime();
    private long rows;
    private boolean rowsFromTag;
    private String tag = "";
    private String errorCode = "";
    private String errorMessage = "";

    PendingCommand(String message, String text, Decision decision) {
        this(message, text, decision, null);
    }

    /** A command whose responses are masked by {@code masker} (null: forwarded as bytes). */
    PendingCommand(String message, String text, Decision decision, ResultMasker masker) {
        this(message, text, decision, masker, ApprovalTrail.NONE);
    }

    /** A command that waited for an approval ({@code approval}: what became of it). */
    PendingCommand(String message, String text, Decision decision, ResultMasker masker, ApprovalTrail approval) {
        this.approval = approval;
        this.message = message;
        this.text = text;
        this.decision = decision;
        this.masker = masker;
    }

    /** The statement text as the client sent it. */
    String text() {
        return text;
    }

    /** The masker of this command's responses, or null. */
    ResultMasker masker() {
        return masker;
    }

    void row() {
        rows++;
    }

    void completed(String commandTag) {
        tag = commandTag;
        // The tag's last word is the row count for SELECT, INSERT, UPDATE, DELETE, MERGE, COPY, FETCH, MOVE.
        int space = commandTag.lastIndexOf(' ');
        if (space >= 0) {
            try {
                long counted = Long.parseLong(commandTag.substring(space + 1));
                rows = rowsFromTag ? rows + counted : counted;
                rowsFromTag = true;
            } catch (NumberFormatException e) {
                // Tags such as CREATE TABLE carry no count.
            }
        }
    }

    void failed(String code, String text) {
        if (errorCode.isEmpty()) {
            errorCode = code == null ? "" : code;
            errorMessage = text == null ? "" : text;
        }
    }

    CommandExecuted toEvent(String sessionId) {
        boolean ran = decision.effect() == Effect.ALLOW || decision.effect() == Effect.MASK || approval.released();
        long micros = ran ? (System.nanoTime() - startNanos) / 1_000 : 0;
        return new CommandExecuted(sessionId, message, text, decision.effect().name(), decision.ruleId(),
                decision.reason(), decision.policyVersion(), micros, tag, ran && (rows > 0 || !tag.isEmpty()) ? rows : -1,
                errorCode, errorMessage, masker == null ? Map.of() : masker.counts().snapshot(),
                masker == null ? List.of() : masker.sample(), approval.id(), approval.state(), approval.approvers(),
                approval.decidedBy());
    }
}
