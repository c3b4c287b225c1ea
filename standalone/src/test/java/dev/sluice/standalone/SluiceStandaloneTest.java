package dev.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SluiceStandaloneTest {

    private static final Endpoints DEFAULTS = new Endpoints("127.0.0.1", 8083, 8081, 8085, 8082, 8080, 8084, 15432, 15433, 15434,
            "127.0.0.1:19092", Path.of("data"), false, Path.of("data/tls/proxy-tls.crt"), Path.of("data/tls/proxy-tls.key"));

    @Test
    void parsesDoubleDashPropertiesKeepingEqualsSignsInValues() {
        assertThat(SluiceStandalone.parse(new String[] {"--sluice.standalone.kafka-port=0", "--policy-service.a=b=c"}))
                .containsEntry("sluice.standalone.kafka-port", "0")
                .containsEntry("policy-service.a", "b=c");
    }

    @Test
    void rejectsArgumentsThatAreNotProperties() {
        assertThatThrownBy(() -> SluiceStandalone.parse(new String[] {"kafka-port"})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SluiceStandalone.parse(new String[] {"--=1"})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void psqlLineFetchesATokenWithoutJqAndRequiresTls() {
        assertThat(SluiceStandalone.psqlLine(DEFAULTS, "bob")).isEqualTo(
                "PGPASSWORD=$(curl -s http://127.0.0.1:8083/dev/tokens/bob | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')"
                        + " psql \"host=127.0.0.1 port=15432 dbname=demo user=bob sslmode=require\"");
    }

    @Test
    void bannerListsEveryEndpoint() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SluiceStandalone.printBanner(new PrintStream(out, true, StandardCharsets.UTF_8), DEFAULTS, 12_345);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("12.3 s", "127.0.0.1:15432", "http://127.0.0.1:8083",
                "http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8080", "http://127.0.0.1:8084",
                "127.0.0.1:19092", "127.0.0.1:15433", "127.0.0.1:15434", "deleted on stop");
    }
}
