package dev.sluice.approval.notify;

import java.time.Instant;
import java.util.List;

/**
 * What reviewers are told: the JSON body of the generic webhook, and the content of the Slack message and email.
 * Never carries credentials; the statement of an approval request is included (reviewers must see it).
 *
 * @param id         unique per notification (receivers may de-duplicate by it: a delivery may be retried)
 * @param event      {@code approval.pending} or {@code grant.pending}
 * @param requestId  the approval request or grant id
 * @param url        where reviewers open it
 * @param requester  who asked
 * @param connection the connection concerned
 * @param summary    the statement (approvals) or {@code group <g> for <duration>} (grants)
 * @param reason     the policy's reason (approvals) or the justification (grants)
 * @param reviewers  groups whose members decide
 * @param createdAt  when the request was made
 */
public record Notification(
        String id,
        String event,
        String requestId,
        String url,
        String requester,
        String connection,
        String summary,
        String reason,
        List<String> reviewers,
        Instant createdAt) {

    public Notification {
        reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
    }

    /** One line for subjects and Slack's fallback text. */
    public String headline() {
        String what = event.startsWith("grant.") ? "Access grant" : "Approval request";
        String state = event.substring(event.indexOf('.') + 1);
        return what + " " + state + ": " + requester + " on " + connection;
    }
}
