package dev.sluice.policy.web;

import dev.sluice.policy.metrics.DecisionMetrics;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the decision requests of one connection of the decision listener, in the order they arrived (HTTP/1.1
 * pipelining). A body up to the inline limit is decided right here on the event loop that read it: no hand-off to
 * another thread, which on a small machine is what a decision's latency is mostly made of. A larger body is decided
 * on a virtual thread while the connection stops reading, so that one huge statement does not hold up the other
 * connections of the event loop; requests that were already read wait in order behind it.
 */
final class DecisionHandler extends ChannelInboundHandlerAdapter {

    /** A request refused on its head: answered in order, then the connection closes. */
    record Refusal(int status, byte[] body, AsciiString header, String value) {}

    private static final Logger log = LoggerFactory.getLogger(DecisionHandler.class);

    private final DecisionExchange exchange;
    private final DecisionMetrics metrics;
    private final Executor offload;
    private final long inlineLimit;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private boolean busy;
    private boolean closing;

    DecisionHandler(DecisionExchange exchange, DecisionMetrics metrics, Executor offload, long inlineLimit) {
        this.exchange = exchange;
        this.metrics = metrics;
        this.offload = offload;
        this.inlineLimit = inlineLimit;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (busy) {
            waiting.addLast(msg);
            return;
        }
        process(ctx, msg);
    }

    private void process(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case Refusal refusal -> {
                closing = true;
                ctx.channel().config().setAutoRead(false);
                FullHttpResponse response = response(refusal.status(), refusal.body(), false);
                if (refusal.header() != null) {
                    response.headers().set(refusal.header(), refusal.value());
                }
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
            case FullHttpRequest request -> decide(ctx, request);
            default -> ReferenceCountUtil.release(msg);
        }
    }

    private void decide(ChannelHandlerContext ctx, FullHttpRequest request) {
        long start = System.nanoTime();
        metrics.started();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        byte[] body;
        try {
            body = ByteBufUtil.getBytes(request.content());
        } finally {
            request.release();
        }
        if (body.length <= inlineLimit) {
            answer(ctx, start, exchange.answer(body), keepAlive);
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        try {
            offload.execute(() -> {
                DecisionExchange.Reply reply = exchange.answer(body);
                DecisionMetrics.leaveLogContext();
                try {
                    ctx.executor().execute(() -> {
                        answer(ctx, start, reply, keepAlive);
                        resume(ctx);
                    });
                } catch (RejectedExecutionException e) {
                    ctx.channel().close(); // the event loop is gone (shutdown): the caller sees the connection end and fails closed
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: the caller gets an error and fails closed
            answer(ctx, start, new DecisionExchange.Reply(503, exchange.errorBody("unavailable", "policy-service is stopping"), null), false);
            resume(ctx);
        }
    }

    private void answer(ChannelHandlerContext ctx, long start, DecisionExchange.Reply reply, boolean keepAlive) {
        DecisionMetrics.leaveLogContext();
        metrics.answered(System.nanoTime() - start, reply.effect());
        if (log.isDebugEnabled()) {
            log.debug("Decision {} in {} us (HTTP {})", reply.effect() == null ? "error" : reply.effect(),
                    (System.nanoTime() - start) / 1_000, reply.status());
        }
        var written = ctx.writeAndFlush(response(reply.status(), reply.body(), keepAlive));
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** After an off-loop decision: answer what was read meanwhile, then read again. */
    private void resume(ChannelHandlerContext ctx) {
        busy = false;
        while (!busy && !waiting.isEmpty()) {
            process(ctx, waiting.pollFirst());
        }
        if (!busy) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static FullHttpResponse response(int status, byte[] body, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset or broken connection: nothing to answer on it any more
        log.debug("Decision connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
