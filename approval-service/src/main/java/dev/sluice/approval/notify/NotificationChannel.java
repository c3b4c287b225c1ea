package dev.sluice.approval.notify;

/** One way of telling reviewers; the outbox worker delivers through it and retries what it refuses. */
public sealed interface NotificationChannel permits WebhookChannel, SlackChannel, EmailChannel {

    /** The channel's name in the outbox and the metric label: {@code webhook}, {@code slack}, {@code email}. */
    String name();

    /** Delivers one notification; throws when the receiver did not accept it (the worker retries). */
    void deliver(Notification notification) throws DeliveryException;
}
