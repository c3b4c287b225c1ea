package dev.sluice.policy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing of request heads (RFC 9112 sections 3, 5 and 6) and chunked bodies (section 7.1) on the decision port, without a server. */
class RequestHeadTest {

    private static RequestHead.Parse parse(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return RequestHead.parse(bytes, 0, bytes.length, 4096, 8192);
    }

    private static RequestHead parsed(String head) {
        RequestHead.Parse parse = parse(head);
        assertThat(parse).isInstanceOf(RequestHead.Parsed.class);
        return ((RequestHead.Parsed) parse).head();
    }

    private static int refusedWith(String head) {
        RequestHead.Parse parse = parse(head);
        assertThat(parse).isInstanceOf(RequestHead.Malformed.class);
        return ((RequestHead.Malformed) parse).status();
    }

    @Test
    void readsTheFieldsTheDecisionPortActsOnWhateverTheirCase() {
        RequestHead head = parsed("POST /v1/decisions HTTP/1.1\r\nhost: x\r\nAUTHORIZATION: SluiceProxy k\r\n"
                + "Content-Type:application/json \r\ncontent-LENGTH: 42\r\n\r\n");
        assertThat(head.method()).isEqualTo("POST");
        assertThat(head.target()).isEqualTo("/v1/decisions");
        assertThat(head.authorization()).isEqualTo("SluiceProxy k");
        assertThat(head.contentType()).isEqualTo("application/json");
        assertThat(head.contentLength()).isEqualTo(42);
        assertThat(head.keepAlive()).isTrue();
        assertThat(head.hasBody()).isTrue();
    }

    @Test
    void acceptsBareLineFeedsAndReportsWhereTheHeadEnds() {
        String head = "POST /v1/decisions HTTP/1.1\nContent-Length: 2\n\n";
        RequestHead.Parse parse = parse(head + "{}");
        assertThat(parse).isInstanceOf(RequestHead.Parsed.class);
        assertThat(((RequestHead.Parsed) parse).end()).isEqualTo(head.length());
    }

    @Test
    void waitsForTheRestOfAnIncompleteHead() {
        assertThat(parse("POST /v1/decisions HTT")).isInstanceOf(RequestHead.Incomplete.class);
        assertThat(parse("POST /v1/decisions HTTP/1.1\r\nContent-Length: 2\r\n")).isInstanceOf(RequestHead.Incomplete.class);
    }

    @Test
    void followsTheKeepAliveRulesOfBothVersions() {
        assertThat(parsed("POST / HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n").keepAlive()).isFalse();
        assertThat(parsed("POST / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(parsed("POST / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive()).isTrue();
        assertThat(parsed("POST / HTTP/1.1\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n\r\n").keepAlive()).isTrue();
    }

    @Test
    void acceptsARepeatedContentLengthOnlyWhenItIsTheSame() {
        assertThat(parsed("POST / HTTP/1.1\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n").contentLength()).isEqualTo(7);
        assertThat(refusedWith("POST / HTTP/1.1\r\nContent-Length: 7\r\nContent-Length: 8\r\n\r\n")).isEqualTo(400);
        assertThat(refusedWith("POST / HTTP/1.1\r\nContent-Length: +7\r\n\r\n")).isEqualTo(400);
        assertThat(refusedWith("POST / HTTP/1.1\r\nContent-Length: 7, 7\r\n\r\n")).isEqualTo(400);
        assertThat(refusedWith("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void refusesHeadsThatProxiesMightReadDifferently() {
        assertThat(refusedWith("POST / HTTP/1.1\r\nContent-Length : 7\r\n\r\n")).isEqualTo(400); // space before the colon
        assertThat(refusedWith("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 7\r\n\r\n")).isEqualTo(400);
        assertThat(refusedWith("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n")).isEqualTo(400);
        assertThat(refusedWith("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n")).isEqualTo(501);
        assertThat(refusedWith("POST  / HTTP/1.1\r\n\r\n")).isEqualTo(400);
        assertThat(refusedWith("POST / HTTP/1.1 extra\r\n\r\n")).isEqualTo(400);
        assertThat(refusedWith("PO{ST / HTTP/1.1\r\n\r\n")).isEqualTo(400);
        assertThat(refusedWith("POST / HTTP/3\r\n\r\n")).isEqualTo(505);
        assertThat(refusedWith("POST / FTP/1.1\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void refusesOversizedLinesAndHeaderSectionsBeforeTheyEnd() {
        assertThat(refusedWith("POST /" + "a".repeat(5000))).isEqualTo(414);
        assertThat(refusedWith("POST / HTTP/1.1\r\nX: " + "b".repeat(9000))).isEqualTo(431);
    }

    @Test
    void decodesChunkedBodiesFedInPieces() {
        String chunked = "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\n";
        ChunkedBody body = new ChunkedBody(1024);
        byte[] bytes = chunked.getBytes(StandardCharsets.US_ASCII);
        int consumed = 0;
        for (int end = 1; end <= bytes.length; end++) { // one more byte at a time; a partial line is left unconsumed
            consumed += body.feed(bytes, consumed, end);
        }
        assertThat(body.status()).isEqualTo(ChunkedBody.Status.DONE);
        assertThat(consumed).isEqualTo(bytes.length);
        assertThat(new String(body.body(), StandardCharsets.US_ASCII)).isEqualTo("Wikipedia in\r\n\r\nchunks.");
    }

    @Test
    void refusesChunksOverTheLimitOrOutOfShape() {
        ChunkedBody tooLarge = new ChunkedBody(10);
        byte[] big = "b\r\n".getBytes(StandardCharsets.US_ASCII);
        tooLarge.feed(big, 0, big.length);
        assertThat(tooLarge.status()).isEqualTo(ChunkedBody.Status.TOO_LARGE);
        for (String bad : new String[] {"x\r\n", "3\r\nabcd\r\n", "\r\n", "1234567890abcdef0\r\n"}) {
            ChunkedBody body = new ChunkedBody(1024);
            byte[] bytes = bad.getBytes(StandardCharsets.US_ASCII);
            body.feed(bytes, 0, bytes.length);
            assertThat(body.status()).as(bad).isEqualTo(ChunkedBody.Status.MALFORMED);
        }
    }
}
