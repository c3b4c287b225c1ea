package dev.sluice.approval.ui;

import dev.sluice.approval.service.Caller;
import dev.sluice.approval.service.StateWaiters;
import dev.sluice.approval.store.ApprovalRepository;
import dev.sluice.approval.store.ApprovalRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events for open reviewer pages
 * (<a href="https://html.spec.whatwg.org/multipage/server-sent-events.html">HTML, server-sent events</a>): every
 * new request and every transition that {@link StateWaiters} reports is sent as an {@code approval} event whose
 * data is the request id, to each page whose reviewer may see that request. The page then fetches the changed
 * card or the queue through htmx, so the event itself carries nothing but the id. Sending happens on one
 * background thread, never on the thread that committed the decision.
 */
public final class LiveUpdates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    private record Subscriber(Caller viewer, SseEmitter emitter) {}

    private final ApprovalRepository approvals;
    private final Duration streamLifetime;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService sender =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("approval-ui-events").factory());

    public LiveUpdates(StateWaiters waiters, ApprovalRepository approvals, Duration streamLifetime) {
        this.approvals = approvals;
        this.streamLifetime = streamLifetime;
        waiters.observeAll(this::changed);
    }

    /**
     * A stream for one page. It ends after the stream lifetime; browsers reconnect on their own, which also
     * lets a signed-out session's stream end.
     */
    public SseEmitter subscribe(Caller viewer) {
        SseEmitter emitter = new SseEmitter(streamLifetime.toMillis());
        Subscriber subscriber = new Subscriber(viewer, emitter);
        subscribers.add(subscriber);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(error -> subscribers.remove(subscriber));
        try {
            // the first event tells the page (and tests) that it is subscribed
            emitter.send(SseEmitter.event().name("ready").data("subscribed").reconnectTime(3000));
        } catch (IOException e) {
            subscribers.remove(subscriber);
            emitter.completeWithError(e);
        }
        return emitter;
    }

    /** Number of open streams. */
    public int size() {
        return subscribers.size();
    }

    private void changed(UUID id) {
        if (subscribers.isEmpty()) {
            return;
        }
        try {
            sender.execute(() -> send(id));
        } catch (RejectedExecutionException e) {
            // shutting down: pages reconnect to another instance and re-read
        }
    }

    private void send(UUID id) {
        ApprovalRequest request;
        try {
            request = approvals.findById(id).orElse(null);
        } catch (RuntimeException e) {
            log.warn("live update for approval {} not sent: {}", id, e.toString());
            return;
        }
        if (request == null) {
            return;
        }
        for (Subscriber subscriber : subscribers) {
            if (!visible(subscriber.viewer(), request)) {
                continue;
            }
            try {
                subscriber.emitter().send(SseEmitter.event().name("approval").data(id.toString()));
            } catch (IOException | IllegalStateException e) {
                // the page went away; its emitter is finished by the container
                subscribers.remove(subscriber);
            }
        }
    }

    /** The API's visibility rule: the requester and members of the reviewer groups. */
    private static boolean visible(Caller viewer, ApprovalRequest request) {
        return viewer.subject().equals(request.requesterSubject()) || viewer.inAny(request.reviewers());
    }

    @Override
    public void close() {
        sender.shutdownNow();
        subscribers.forEach(subscriber -> subscriber.emitter().complete());
        subscribers.clear();
    }
}
