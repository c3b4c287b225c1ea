package dev.sluice.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyLoaderTest {

    @TempDir
    Path dir;

    @Test
    void generatesA2048BitSigningKeyNamedByItsThumbprint() throws Exception {
        RSAKey key = SigningKeyLoader.generate();

        assertThat(key.size()).isEqualTo(2048);
        assertThat(key.isPrivate()).isTrue();
        assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
    }

    @Test
    void loadsAPkcs8PemPrivateKeyAndRebuildsItsPublicHalf() throws Exception {
        RSAKey original = new RSAKeyGenerator(2048).generate();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(original.toPrivateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path file = Files.writeString(dir.resolve("key.pem"), pem);

        List<RSAKey> keys = SigningKeyLoader.load(file);

        assertThat(keys).hasSize(1);
        RSAKey loaded = keys.getFirst();
        assertThat(loaded.toRSAPublicKey()).isEqualTo(original.toRSAPublicKey());
        assertThat(loaded.toRSAPrivateKey()).isEqualTo(original.toRSAPrivateKey());
        assertThat(loaded.getKeyID()).isEqualTo(original.computeThumbprint().toString());
    }

    @Test
    void loadsRsaPrivateKeysOfAJwkSetInOrderKeepingTheirKids() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("2026-01").generate();
        RSAKey second = new RSAKeyGenerator(2048).keyID("2025-12").generate();
        Path file = Files.writeString(dir.resolve("keys.json"), new JWKSet(List.of(first, second)).toString(false));

        List<RSAKey> keys = SigningKeyLoader.load(file);

        assertThat(keys).extracting(RSAKey::getKeyID).containsExactly("2026-01", "2025-12");
        assertThat(new SigningKeys(keys).current().getKeyID()).isEqualTo("2026-01");
    }

    @Test
    void refusesAFileWithoutAPrivateKeyWithoutQuotingIt() throws Exception {
        RSAKey publicOnly = new RSAKeyGenerator(2048).keyID("pub").generate().toPublicJWK();
        Path file = Files.writeString(dir.resolve("public.json"), publicOnly.toJSONString());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----");

        assertThatIllegalArgumentException().isThrownBy(() -> SigningKeyLoader.load(file)).withMessageContaining("public.json");
        assertThatIllegalArgumentException().isThrownBy(() -> SigningKeyLoader.load(garbage))
                .withMessageContaining("garbage.pem").withMessageNotContaining("c2VjcmV0");
    }

    @Test
    void refusesKeysShorterThan2048Bits() throws Exception {
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();

        assertThatIllegalArgumentException().isThrownBy(() -> new SigningKeys(List.of(weak))).withMessageContaining("2048");
    }

    @Test
    void publishesOnlyPublicParameters() throws Exception {
        SigningKeys keys = new SigningKeys(List.of(SigningKeyLoader.generate()));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> served = (List<Map<String, Object>>) keys.publicJwkSetJson().get("keys");
        assertThat(served).singleElement().satisfies(k -> assertThat(k).containsKeys("kty", "kid", "n", "e")
                .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi"));
        assertThat(keys.publicJwkSet().getKeys()).singleElement().satisfies(k -> assertThat(k.isPrivate()).isFalse());
    }
}
