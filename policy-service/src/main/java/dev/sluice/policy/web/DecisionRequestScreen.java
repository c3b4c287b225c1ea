package dev.sluice.policy.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Judges each request on the decision listener by its head, before its body is buffered: a malformed head, a missing
 * or wrong gateway key, another path, a query string, another method or a body that is not JSON becomes a
 * {@link DecisionHandler.Refusal} (answered in order, then the connection closes) and everything after it on the
 * connection is dropped. So a caller without the key never gets a body held in memory, and the checks run in the
 * order that tells an unauthenticated caller nothing about the API: head, key, path, method, content type.
 */
final class DecisionRequestScreen extends ChannelInboundHandlerAdapter {

    static final String PATH = "/v1/decisions";

    private final GatewayKey key;
    private final DecisionExchange exchange;
    private boolean discarding;

    /** @param key the gateway key check; {@code null} when the development switch opened the API */
    DecisionRequestScreen(GatewayKey key, DecisionExchange exchange) {
        this.key = key;
        this.exchange = exchange;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest head) {
            DecisionHandler.Refusal refusal = screen(head);
            if (refusal != null) {
                discarding = true;
                ReferenceCountUtil.release(msg);
                ctx.fireChannelRead(refusal);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private DecisionHandler.Refusal screen(HttpRequest head) {
        DecoderResult result = head.decoderResult();
        if (!result.isSuccess()) {
            return switch (result.cause()) {
                case TooLongHttpLineException e -> refusal(414, "uri_too_long", "the request line is too long");
                case TooLongHttpHeaderException e -> refusal(431, "headers_too_large", "the request headers are too large");
                default -> refusal(400, "malformed_request", "not a valid HTTP/1.1 request");
            };
        }
        if (key != null) {
            byte[] unauthorized = key.refusal(head.headers().get(HttpHeaderNames.AUTHORIZATION));
            if (unauthorized != null) {
                return new DecisionHandler.Refusal(401, unauthorized, HttpHeaderNames.WWW_AUTHENTICATE, "SluiceProxy");
            }
        }
        String uri = head.uri();
        int query = uri.indexOf('?');
        if (!PATH.equals(query < 0 ? uri : uri.substring(0, query))) {
            return refusal(404, "not_found", "this port answers POST " + PATH + " only; the rest of the API is on the main HTTP port");
        }
        if (query >= 0) {
            return refusal(400, "bad_request", "this port answers plain decisions; ask for explanations on the main HTTP port");
        }
        if (!HttpMethod.POST.equals(head.method())) {
            return new DecisionHandler.Refusal(405, exchange.errorBody("method_not_allowed", "use POST"), HttpHeaderNames.ALLOW, "POST");
        }
        if (!DecisionFastPath.isJson(head.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
            return refusal(415, "unsupported_media_type", "send application/json");
        }
        return null;
    }

    private DecisionHandler.Refusal refusal(int status, String error, String message) {
        return new DecisionHandler.Refusal(status, exchange.errorBody(error, message), null, null);
    }
}
