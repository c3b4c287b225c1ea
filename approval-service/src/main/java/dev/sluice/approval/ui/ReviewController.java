package dev.sluice.approval.ui;

import dev.sluice.approval.service.ApprovalException;
import dev.sluice.approval.service.ApprovalService;
import dev.sluice.approval.service.Caller;
import dev.sluice.approval.store.ApprovalRequest;
import dev.sluice.approval.store.ApprovalState;
import dev.sluice.approval.store.Vote;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The reviewer pages: the queue of pending requests the signed-in person may decide, one request in full (the
 * {@code url} the API hands the gateway for its notice), and one-click approve or deny. Decisions go through
 * {@link ApprovalService#decide} like the API's, so self-approval, outsider and already-decided refusals are the
 * same and are shown on the page. htmx swaps single cards and the queue; {@link LiveUpdates} says when.
 */
@Controller
public final class ReviewController {
    static final int MAX_COMMENT = 4096;
    private static final int QUEUE_LIMIT = 200;

    private final ApprovalService approvals;
    private final LiveUpdates live;
    private final Clock clock = Clock.systemUTC();

    public ReviewController(ApprovalService approvals, LiveUpdates live) {
        this.approvals = approvals;
        this.live = live;
    }

    @GetMapping("/")
    public String home() {
        return "redirect:/approvals";
    }

    /** The queue page. */
    @GetMapping("/approvals")
    public String queue(Authentication authentication, Model model) {
        Caller viewer = ReviewerIdentity.of(authentication);
        model.addAttribute("cards", reviewable(viewer));
        model.addAttribute("me", viewer.subject());
        return "review/queue";
    }

    /** Just the queue, for htmx after a live update. */
    @GetMapping("/approvals/queue")
    public String queueFragment(Authentication authentication, Model model) {
        model.addAttribute("cards", reviewable(ReviewerIdentity.of(authentication)));
        return "review/queue :: cards";
    }

    /** The live-update stream of the signed-in reviewer's pages. */
    @GetMapping(path = "/approvals/events", produces = "text/event-stream")
    public SseEmitter events(Authentication authentication) {
        return live.subscribe(ReviewerIdentity.of(authentication));
    }

    /** One request with its whole context. */
    @GetMapping("/approvals/{id}")
    public String detail(Authentication authentication, @PathVariable String id, Model model) {
        Caller viewer = ReviewerIdentity.of(authentication);
        model.addAttribute("card", card(viewer, approvals.find(viewer, parseId(id))));
        model.addAttribute("me", viewer.subject());
        return "review/approval";
    }

    /** One card, for htmx after a live update. */
    @GetMapping("/approvals/{id}/card")
    public String cardFragment(Authentication authentication, @PathVariable String id, Model model) {
        Caller viewer = ReviewerIdentity.of(authentication);
        model.addAttribute("card", card(viewer, approvals.find(viewer, parseId(id))));
        return "review/card :: card";
    }

    /**
     * Approve or deny. htmx gets the updated card (with the refusal, if any); a browser without scripts is sent
     * back to the request's page.
     */
    @PostMapping("/approvals/{id}/decision")
    public String decide(Authentication authentication, @PathVariable String id,
            @RequestParam(defaultValue = "") String decision, @RequestParam(defaultValue = "") String comment,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Caller viewer = ReviewerIdentity.of(authentication);
        UUID uuid = parseId(id);
        try {
            Vote.Choice choice = switch (decision.toLowerCase(Locale.ROOT)) {
                case "approve" -> Vote.Choice.APPROVE;
                case "deny" -> Vote.Choice.DENY;
                default -> throw ApprovalException.badRequest("choose approve or deny");
            };
            if (comment.length() > MAX_COMMENT) {
                throw ApprovalException.badRequest("the comment is longer than " + MAX_COMMENT + " characters");
            }
            ApprovalRequest decided = approvals.decide(viewer, uuid, choice, comment);
            model.addAttribute("notice", switch (decided.state()) {
                case APPROVED -> "Approved: the statement may run now.";
                case DENIED -> "Denied: the requester gets an error.";
                default -> "Your approval is recorded; " + (decided.minApprovals() - decided.approvals())
                        + " more needed.";
            });
        } catch (ApprovalException e) {
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("card", card(viewer, approvals.find(viewer, uuid)));
        if (htmx == null) {
            model.addAttribute("me", viewer.subject());
            return "review/approval";
        }
        return "review/card :: card";
    }

    private List<ApprovalCard> reviewable(Caller viewer) {
        return approvals.list(viewer, ApprovalState.PENDING, QUEUE_LIMIT).stream()
                .filter(request -> viewer.inAny(request.reviewers()))
                .filter(request -> !viewer.subject().equals(request.requesterSubject()))
                .map(request -> card(viewer, request))
                .toList();
    }

    private ApprovalCard card(Caller viewer, ApprovalRequest request) {
        return ApprovalCard.of(request, approvals.votes(request.id()), viewer, Instant.now(clock));
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApprovalException.notFound();
        }
    }
}
