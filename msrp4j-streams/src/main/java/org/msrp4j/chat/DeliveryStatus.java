package org.msrp4j.chat;

/**
 * The fate of a sent chat message: delivered (code 200, from the success REPORTs covering all its
 * bytes), or not delivered with the MSRP code and reason of a failure REPORT, an error response,
 * or a local one: 408 when no report came in time or the stream ended first, 403 for a queued
 * private message the peer turned out not to take, 415 for a queued message of a type it does not
 * accept.
 *
 * @param code the MSRP status code
 * @param reason the status comment, or null
 */
public record DeliveryStatus(int code, String reason) {

    /** Delivered. */
    public static final DeliveryStatus DELIVERED = new DeliveryStatus(200, "OK");

    /**
     * Whether the message was delivered.
     *
     * @return true when the message arrived
     */
    public boolean delivered() {
        return code == 200;
    }
}
