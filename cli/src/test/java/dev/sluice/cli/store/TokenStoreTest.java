package dev.sluice.cli.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

    @TempDir
    Path home;

    private static StoredLogin login(String token) {
        return new StoredLogin("http://issuer", "sluice-cli", "http://issuer/oauth2/token", token, "refresh-secret",
                Instant.ofEpochSecond(4102444800L));
    }

    @Test
    void savesWithOwnerOnlyPermissionsAndReadsBack() throws Exception {
        TokenStore store = new TokenStore(home.resolve("config").resolve("sluice"));

        store.save(login("access-secret"));
        store.save(login("access-secret-2"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file().getParent()))).isEqualTo("rwx------");
        assertThat(store.load()).contains(login("access-secret-2"));
        try (var files = Files.list(store.file().getParent())) {
            assertThat(files).as("no temporary files left").containsExactly(store.file());
        }
    }

    @Test
    void aLoginThroughAnUpstreamKeepsTheUpstreamRefreshTokenAndReadsBack() {
        TokenStore store = new TokenStore(home.resolve("sluice"));
        StoredLogin federated = new StoredLogin("http://sluice", "corp-cli", "http://sluice/oauth2/token", "access-secret", null,
                Instant.ofEpochSecond(4102444800L), new UpstreamLogin("https://sso.example.com", "corp-cli",
                        "https://sso.example.com/token", "upstream-refresh-secret"));

        store.save(federated);

        assertThat(store.load()).contains(federated);
        assertThat(federated.renewable()).isTrue();
        assertThat(federated.toString()).contains("https://sso.example.com").doesNotContain("upstream-refresh-secret")
                .doesNotContain("access-secret");
    }

    @Test
    void narrowsAnExistingWorldReadableDirectory() throws Exception {
        Path directory = Files.createDirectories(home.resolve("sluice"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));

        new TokenStore(directory).save(login("access-secret"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    }

    @Test
    void aCorruptFileIsReportedWithoutQuotingItsContent() throws Exception {
        TokenStore store = new TokenStore(home);
        Files.writeString(store.file(), "{\"access_token\": \"leaky-secret\"");

        assertThatThrownBy(store::load).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exitCode()).isEqualTo(CliException.NOT_LOGGED_IN)).message().doesNotContain("leaky-secret");
    }

    @Test
    void toStringNeverShowsTheTokens() {
        assertThat(login("access-secret").toString()).doesNotContain("access-secret").doesNotContain("refresh-secret");
    }

    @Test
    void configDirectoryFollowsXdgWindowsAndTheHomeDefault() {
        assertThat(ConfigDirectory.resolve(Map.of("XDG_CONFIG_HOME", "/x/config"), "Linux", "/home/u")).isEqualTo(Path.of("/x/config/sluice"));
        assertThat(ConfigDirectory.resolve(Map.of("XDG_CONFIG_HOME", "relative"), "Linux", "/home/u"))
                .as("a relative XDG_CONFIG_HOME is ignored").isEqualTo(Path.of("/home/u/.config/sluice"));
        assertThat(ConfigDirectory.resolve(Map.of(), "Mac OS X", "/Users/u")).isEqualTo(Path.of("/Users/u/.config/sluice"));
        assertThat(ConfigDirectory.resolve(Map.of("APPDATA", "/appdata"), "Windows 11", "/home/u")).isEqualTo(Path.of("/appdata/sluice"));
    }
}
