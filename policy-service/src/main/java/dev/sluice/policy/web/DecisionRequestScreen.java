package dev.sluice.policy.web;

/**
 * Judges each request on the decision port by its head, before its body is read: a missing or wrong gateway key,
 * another path, a query string, another method, a body that is not JSON or larger than the limit becomes a
 * {@link HttpAnswer} refusal (answered in order, then the connection closes). So a caller without the key never gets
 * a body held in memory, and the checks run in the order that tells an unauthenticated caller nothing about the API:
 * key, path, method, content type, size.
 */
final class DecisionRequestScreen {

    static final String PATH = "/v1/decisions";

    private final GatewayKey key;
    private final DecisionExchange exchange;
    private final long maxBody;

    /**
     * @param key     the gateway key check; {@code null} when the development switch opened the API
     * @param maxBody largest body accepted ({@code sluice.policy.decision-listener.max-request-size})
     */
    DecisionRequestScreen(GatewayKey key, DecisionExchange exchange, long maxBody) {
        this.key = key;
        this.exchange = exchange;
        this.maxBody = maxBody;
    }

    /** The refusal of this head, or {@code null} when its body should be read and decided. */
    HttpAnswer screen(RequestHead head) {
        if (key != null) {
            byte[] unauthorized = key.refusal(head.authorization());
            if (unauthorized != null) {
                return HttpAnswer.refusal(401, unauthorized, "WWW-Authenticate", "SluiceProxy");
            }
        }
        String target = head.target();
        int query = target.indexOf('?');
        if (!PATH.equals(query < 0 ? target : target.substring(0, query))) {
            return refusal(404, "not_found", "this port answers POST " + PATH + " only; the rest of the API is on the main HTTP port");
        }
        if (query >= 0) {
            return refusal(400, "bad_request", "this port answers plain decisions; ask for explanations on the main HTTP port");
        }
        if (!"POST".equals(head.method())) {
            return HttpAnswer.refusal(405, exchange.errorBody("method_not_allowed", "use POST"), "Allow", "POST");
        }
        if (!DecisionFastPath.isJson(head.contentType())) {
            return refusal(415, "unsupported_media_type", "send application/json");
        }
        if (head.contentLength() > maxBody) {
            return tooLarge();
        }
        return null;
    }

    /** The answer to a body over the limit (declared up front, or found while its chunks arrive). */
    HttpAnswer tooLarge() {
        return refusal(413, "request_too_large",
                "the request body is larger than " + maxBody + " bytes (sluice.policy.decision-listener.max-request-size)");
    }

    /** The answer to a head that could not be parsed. */
    HttpAnswer malformed(RequestHead.Malformed malformed) {
        return refusal(malformed.status(), malformed.error(), malformed.message());
    }

    HttpAnswer refusal(int status, String error, String message) {
        return HttpAnswer.refusal(status, exchange.errorBody(error, message), null, null);
    }
}
