package dev.sluice.proxy.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.proxy.config.ProxyProperties.TargetConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetCredentialsTest {

    @TempDir
    Path dir;

    private static TargetConnection target(String credential) {
        return new TargetConnection("postgres", "127.0.0.1", 5432, "demo", "postgres", "literal-pw", Map.of(), credential);
    }

    private static SealedStore.MasterKey masterKey(String id) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return SealedStore.MasterKey.parse(id + ":" + Base64.getEncoder().encodeToString(key));
    }

    @Test
    void literalPasswordWithoutASourceAndEnvironmentVariables() {
        var credentials = new TargetCredentials(List.of(), Map.of("DEMO_PW", "from-env")::get);

        assertThat(credentials.password("demo", target(null))).isEqualTo("literal-pw");
        assertThat(credentials.password("demo", target("env:DEMO_PW"))).isEqualTo("from-env");
        assertThatThrownBy(() -> credentials.password("demo", target("env:MISSING")))
                .isInstanceOf(CredentialException.class).hasMessageContaining("MISSING").hasMessageNotContaining("literal-pw");
    }

    @Test
    void aMountedFileIsReReadWhenItChangesSoRotationNeedsNoRestart() throws Exception {
        Path secret = dir.resolve("demo-password");
        Files.writeString(secret, "first-secret\n");
        var credentials = new TargetCredentials(List.of(), name -> null);
        assertThat(credentials.password("demo", target("file:" + secret))).isEqualTo("first-secret");

        Files.writeString(secret, "rotated-secret-2\n");
        Files.setLastModifiedTime(secret, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(credentials.password("demo", target("file:" + secret))).isEqualTo("rotated-secret-2");
        assertThatThrownBy(() -> credentials.password("demo", target("file:" + dir.resolve("nope"))))
                .isInstanceOf(CredentialException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void sealedEntriesOpenWithTheMasterKeyTheyNameAndSurviveMasterKeyRotation() throws Exception {
        Path store = dir.resolve("store.json");
        var oldKey = masterKey("k1");
        var newKey = masterKey("k2");
        SealedStore.seal(store, "demo", "sealed-secret-1".getBytes(StandardCharsets.UTF_8), oldKey);
        SealedStore.seal(store, "reports", "sealed-secret-2".getBytes(StandardCharsets.UTF_8), newKey);

        String json = Files.readString(store);
        assertThat(json).contains("\"master_key_id\" : \"k1\"").doesNotContain("sealed-secret");
        var both = new TargetCredentials(List.of(oldKey, newKey), name -> null);
        assertThat(both.password("demo", target("sealed:" + store + "#demo"))).isEqualTo("sealed-secret-1");
        assertThat(both.password("reports", target("sealed:" + store + "#reports"))).isEqualTo("sealed-secret-2");

        var onlyNew = new TargetCredentials(List.of(newKey), name -> null);
        assertThatThrownBy(() -> onlyNew.password("demo", target("sealed:" + store + "#demo")))
                .isInstanceOf(CredentialException.class).hasMessageContaining("'k1'").hasMessageNotContaining("sealed-secret");
        var impostor = new TargetCredentials(List.of(masterKey("k1")), name -> null);
        assertThatThrownBy(() -> impostor.password("demo", target("sealed:" + store + "#demo")))
                .isInstanceOf(CredentialException.class).hasMessageContaining("cannot be opened");
    }

    @Test
    void aSealedEntryCannotBeMovedToAnotherName() throws Exception {
        Path store = dir.resolve("store.json");
        var key = masterKey("k1");
        SealedStore.seal(store, "demo", "sealed-secret".getBytes(StandardCharsets.UTF_8), key);
        Files.writeString(store, Files.readString(store).replace("\"demo\"", "\"prod\""));

        var credentials = new TargetCredentials(List.of(key), name -> null);
        assertThatThrownBy(() -> credentials.password("prod", target("sealed:" + store + "#prod")))
                .isInstanceOf(CredentialException.class).hasMessageContaining("cannot be opened");
    }
}
