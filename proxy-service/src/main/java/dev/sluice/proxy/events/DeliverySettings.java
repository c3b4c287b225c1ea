package dev.sluice.proxy.events;

import java.time.Duration;
import java.util.Objects;

/**
 * How the event sink delivers to Kafka and when sessions must stop running commands.
 *
 * @param ackTimeout     how long Kafka may take to acknowledge a batch before its events go to the spool
 * @param retryInterval  pause between attempts to drain the spool while Kafka is unreachable
 * @param maxBatch       events sent per batch (and per drain step)
 * @param queueCapacity  events held in memory between the relay threads and the sender
 * @param strict         refuse commands as soon as an event cannot be acknowledged (the spool still keeps it);
 *                       otherwise commands are refused only when the spool is full
 * @param reserveBytes   spool space kept for the events of commands already running when it fills up: new
 *                       commands are refused once less than this is free
 */
public record DeliverySettings(Duration ackTimeout, Duration retryInterval, int maxBatch, int queueCapacity,
        boolean strict, long reserveBytes) {

    public DeliverySettings {
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(retryInterval, "retryInterval");
        if (maxBatch < 1 || queueCapacity < maxBatch || reserveBytes < 0) {
            throw new IllegalArgumentException("maxBatch must be at least 1 and at most queueCapacity, reserveBytes"
                    + " not negative");
        }
    }
}
