package dev.sluice.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A configured JWK set file replaces the generated key, and all its keys are published for rotation. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=identity-adapter", "server.address=127.0.0.1"})
class ConfiguredKeyFileTest {

    private static final RSAKey CURRENT = generate("current");
    private static final RSAKey PREVIOUS = generate("previous");
    private static final Path KEY_FILE = writeKeyFile();

    @LocalServerPort
    int port;

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeKeyFile() {
        try {
            Path file = Files.createTempFile("sluice-keys", ".json");
            return Files.writeString(file, new JWKSet(List.of(CURRENT, PREVIOUS)).toString(false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void keyFile(DynamicPropertyRegistry registry) {
        registry.add("sluice.identity.key-file", KEY_FILE::toString);
    }

    @AfterAll
    static void deleteKeyFile() throws IOException {
        Files.deleteIfExists(KEY_FILE);
    }

    @Test
    void servesEveryConfiguredKeyInOrder() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString());

        JWKSet served = JWKSet.parse(response.body());
        assertThat(served.getKeys()).extracting(k -> k.getKeyID()).containsExactly("current", "previous");
        assertThat(served.getKeyByKeyId("current").toRSAKey().getModulus()).isEqualTo(CURRENT.getModulus());
        assertThat(served.getKeys()).noneMatch(k -> k.isPrivate());
    }
}
