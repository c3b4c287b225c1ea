package dev.sluice.approval.notify;

/**
 * A channel did not accept a notification. The message is safe to log and store: it never contains the URL, key,
 * password or token of the channel.
 */
public final class DeliveryException extends Exception {
    public DeliveryException(String message) {
        super(message);
    }
}
