package dev.sluice.recording.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.event.EventChain;
import dev.sluice.contracts.event.SessionEventType;
import dev.sluice.recording.SessionScript;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventParserTest {

    private final EventParser parser = new EventParser();

    @Test
    void reproducesTheHashedDataTextOfPublishedEvents() {
        SessionScript script = new SessionScript("s-1", Instant.parse("2026-01-01T00:00:00Z"));
        SessionScript.Published published = script.started();

        ParseResult result = parser.parse(published.json());

        assertThat(result).isInstanceOfSatisfying(ParseResult.Parsed.class, parsed -> {
            IncomingEvent event = parsed.event();
            assertThat(event.type()).isEqualTo(SessionEventType.SESSION_STARTED);
            assertThat(event.seq()).isEqualTo(1);
            assertThat(event.prevhash()).isEqualTo(EventChain.GENESIS);
            assertThat(EventChain.hash(event.prevhash(), event.id(), event.type().type(), event.sessionId(),
                    event.seq(), event.time(), event.dataJson())).isEqualTo(published.hash());
            assertThat(event.payload()).isInstanceOf(EventPayload.Started.class);
        });
    }

    @Test
    void rejectsMalformedJsonWithoutQuotingIt() {
        ParseResult result = parser.parse("{\"text\": \"ALTER ROLE app PASSWORD 's3cret'\" oops}");

        assertThat(result).isInstanceOfSatisfying(ParseResult.Rejected.class,
                rejected -> assertThat(rejected.reason()).startsWith("malformed JSON").doesNotContain("s3cret"));
    }

    @Test
    void rejectsUnknownTypesByName() {
        String json = new SessionScript("s-2", Instant.EPOCH).command("SELECT 1").json()
                .replace("sluice.session.command", "sluice.session.<script>");

        assertThat(parser.parse(json)).isEqualTo(new ParseResult.Rejected("unknown type 'sluice.session.?script?'"));
    }

    @Test
    void rejectsEventsMissingRequiredAttributes() {
        String json = new SessionScript("s-3", Instant.EPOCH).command("SELECT 1").json()
                .replace("\"hash\":", "\"hush\":");

        assertThat(parser.parse(json)).isEqualTo(
                new ParseResult.Rejected("hash is missing or not a non-empty string"));
    }

    @Test
    void rejectsStartedEventsWithoutIdentity() {
        String json = new SessionScript("s-4", Instant.EPOCH).started().json()
                .replaceFirst("\"identity\":\\{[^}]*\\}", "\"identity\":null");

        assertThat(parser.parse(json)).isInstanceOfSatisfying(ParseResult.Rejected.class,
                rejected -> assertThat(rejected.reason()).contains("identity"));
    }

    @Test
    void rejectsEmptyAndNonObjectValues() {
        assertThat(parser.parse(null)).isInstanceOf(ParseResult.Rejected.class);
        assertThat(parser.parse("[1,2]")).isEqualTo(new ParseResult.Rejected("not a JSON object"));
    }
}
