package dev.sluice.policy.web;

import dev.sluice.policy.PolicyProperties;
import dev.sluice.policy.metrics.DecisionMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The gateway's decision port ({@code sluice.policy.decision-listener.*}): {@code POST /v1/decisions} over HTTP/1.1
 * keep-alive connections, answered on the event loop that read the request. Every statement through the gateway
 * waits for a decision, and on a machine with two cores the hand-offs of a servlet container (acceptor, poller,
 * worker thread and back) cost more than the decision and dominated its tail latency; here a request costs one
 * wake-up. Same JSON, key check and metrics as the main HTTP port; anything but a plain decision is refused with a
 * JSON error (see {@link DecisionRequestScreen}).
 *
 * <p>Request heads are limited to 4 KB per line and 8 KB of headers, bodies to {@code max-request-size} (413 and
 * close); a connection that sent nothing for {@value #IDLE_MINUTES} minutes is closed.
 */
public final class DecisionListener implements SmartLifecycle {

    static final int IDLE_MINUTES = 5;

    private static final Logger log = LoggerFactory.getLogger(DecisionListener.class);

    private final PolicyProperties.DecisionListener settings;
    private final String host;
    private final GatewayKey key;
    private final DecisionExchange exchange;
    private final DecisionMetrics metrics;
    private EventLoopGroup group;
    private ExecutorService offload;
    private Channel server;
    private volatile int port = -1;

    /**
     * @param host the address to bind, empty for every interface
     * @param key  the gateway key check, {@code null} when the development switch opened the API
     */
    DecisionListener(PolicyProperties.DecisionListener settings, String host, GatewayKey key, DecisionExchange exchange,
            DecisionMetrics metrics) {
        this.settings = settings;
        this.host = host;
        this.key = key;
        this.exchange = exchange;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        int threads = settings.threads() > 0 ? settings.threads() : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("policy-decisions", true), NioIoHandler.newFactory());
        offload = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("policy-decision-", 0).factory());
        int maxRequest = (int) settings.maxRequestSize().toBytes();
        long inline = settings.inlineLimit().toBytes();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new IdleStateHandler(IDLE_MINUTES, 0, 0, TimeUnit.MINUTES), // reads only: no listener on every write
                                new IdleCloser(),
                                new HttpServerCodec(4096, 8192, 64 * 1024),
                                new DecisionRequestScreen(key, exchange),
                                new BoundedAggregator(maxRequest, exchange),
                                new DecisionHandler(exchange, metrics, offload, inline));
                    }
                });
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(settings.port()) : new InetSocketAddress(host, settings.port());
        try {
            server = bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            stopResources();
            throw new IllegalStateException("decision listener could not listen on " + address + ": " + e.getMessage(), e);
        }
        port = ((InetSocketAddress) server.localAddress()).getPort();
        log.info("Listening for gateway decisions on {}:{} ({} event loop threads)", host.isEmpty() ? "*" : host, port, threads);
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
        stopResources();
        port = -1;
    }

    private void stopResources() {
        // decisions still running on virtual threads hand their answers back to the event loops: finish them first
        if (offload != null) {
            offload.close();
            offload = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The port listened on (resolved when configured as 0), or -1 when not running. */
    public int port() {
        return port;
    }

    /** Closes connections nobody used for a while (a caller that opens connections and never sends). */
    private static final class IdleCloser extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, event);
        }
    }

    /** Aggregates a request body up to the limit; a larger one is refused in order (413) instead of Netty's bare answer. */
    private static final class BoundedAggregator extends HttpObjectAggregator {
        private final DecisionExchange exchange;
        private final int limit;

        BoundedAggregator(int limit, DecisionExchange exchange) {
            super(limit);
            this.limit = limit;
            this.exchange = exchange;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ctx.fireChannelRead(new DecisionHandler.Refusal(413, exchange.errorBody("request_too_large",
                    "the request body is larger than " + limit + " bytes (sluice.policy.decision-listener.max-request-size)"), null, null));
        }
    }
}
